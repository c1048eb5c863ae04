// The Node side of the browser benchmark's broker peers, one process each:
//   node --import tsx peer-broker.ts <nats|mqtt> <pub|rep> <broker url> <json options>
// pub: publishes `size`-byte messages on the subject/topic "bench.feed" /
// "bench/feed", flat out or (rate) at a steady rate in 10 ms batches; each
// carries its send time and sequence number (as peer_py.py's PUB does), and
// a progress line {t, seq} every 100 ms says how many went out by when.
// rep: answers every request with its payload (NATS: request/reply;
// MQTT: "bench/req" answered on "bench/rep", QoS 0).
import { connect as natsConnect } from "@nats-io/transport-node";
import mqtt from "mqtt";

const [kind, role, url, json] = process.argv.slice(2);
const opts = JSON.parse(json ?? "{}") as { size?: number; rate?: number };
const print = (fields: object) => console.log(JSON.stringify(fields));

/** A fresh payload (a client may still hold the previous one) stamped with
 * wall-clock ms and seq as little-endian doubles at offsets 0 and 8. */
function stamped(size: number, seq: number): Uint8Array {
  const payload = Buffer.alloc(Math.max(16, size), 120);
  payload.writeDoubleLE(performance.timeOrigin + performance.now(), 0);
  payload.writeDoubleLE(seq, 8);
  return payload;
}

interface Client {
  /** Queues one message on the feed. */
  publish(payload: Uint8Array): void;
  /** Resolves once what was queued has gone to the broker (backpressure). */
  drained(): Promise<void>;
  respond(): Promise<void>;
}

async function natsClient(): Promise<Client> {
  const nc = await natsConnect({ servers: url });
  return {
    publish: (payload) => nc.publish("bench.feed", payload),
    drained: () => nc.flush(),
    respond: async () => void nc.subscribe("bench.req", { callback: (_, msg) => void msg.respond(msg.data) }),
  };
}

async function mqttClient(): Promise<Client> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  // A flat-out feed waits on `drain` once per publish that found the socket full.
  client.stream.setMaxListeners(0);
  let last: Promise<void> = Promise.resolve();
  return {
    publish: (payload) => (last = new Promise((resolve) => client.publish("bench/feed", payload as Buffer, { qos: 0 }, () => resolve()))),
    drained: () => last,
    respond: async () => {
      client.on("message", (_, payload) => client.publish("bench/rep", payload, { qos: 0 }));
      await client.subscribeAsync("bench/req", { qos: 0 });
    },
  };
}

const client = kind === "nats" ? await natsClient() : await mqttClient();
if (role === "rep") {
  await client.respond();
  print({ ready: true });
} else {
  const size = opts.size ?? 100;
  let seq = 0;
  setInterval(() => print({ t: performance.timeOrigin + performance.now(), seq }), 100);
  print({ ready: true });
  if (opts.rate) {
    // A fixed schedule: whatever a late timer missed goes in the next batch.
    const start = performance.now();
    setInterval(() => {
      const due = Math.floor(((performance.now() - start) / 1000) * opts.rate!);
      while (seq < due) client.publish(stamped(size, seq++));
    }, 10);
  } else {
    for (;;) {
      for (let i = 0; i < 256; i++) client.publish(stamped(size, seq++));
      await client.drained();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
