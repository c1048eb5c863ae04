// The Node side of the browser benchmark's broker peers, one process each:
//   node --import tsx peer-broker.ts <nats|mqtt> <pub|rep> <broker url> <json options>
// pub: publishes `size`-byte messages on the subject/topic "bench.feed" /
// "bench/feed", flat out or (rate) at a steady rate in 10 ms batches; each
// carries its send time and sequence number (as peer_py.py's PUB does), and
// a progress line {t, seq} every 100 ms says how many went out by when.
// rep: answers every request with its payload (NATS: request/reply;
// MQTT: "bench/req" answered on "bench/rep", QoS 0).
// sub: counts the feed for `seconds` after a second's warm-up and prints
// {messagesPerSecond}: with a ws:// url, what the broker's WebSocket
// listener delivers to a client that is not a browser.
import { wsconnect } from "@nats-io/nats-core";
import { connect as natsConnect } from "@nats-io/transport-node";
import mqtt from "mqtt";
import { WebSocket } from "ws";

const [kind, role, url, json] = process.argv.slice(2);
const opts = JSON.parse(json ?? "{}") as { size?: number; rate?: number; seconds?: number };
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
  subscribe(onMessage: () => void): Promise<void>;
}

async function natsClient(): Promise<Client> {
  // Node 20 has no global WebSocket for nats.js's wsconnect: ws is one.
  Object.assign(globalThis, { WebSocket: globalThis.WebSocket ?? WebSocket });
  const nc = url.startsWith("ws") ? await wsconnect({ servers: url }) : await natsConnect({ servers: url });
  return {
    subscribe: async (onMessage) => {
      nc.subscribe("bench.feed", { callback: onMessage });
      await nc.flush();
    },
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
    subscribe: async (onMessage) => {
      client.on("message", onMessage);
      await client.subscribeAsync("bench/feed", { qos: 0 });
    },
    respond: async () => {
      client.on("message", (_, payload) => client.publish("bench/rep", payload, { qos: 0 }));
      await client.subscribeAsync("bench/req", { qos: 0 });
    },
  };
}

const client = kind === "nats" ? await natsClient() : await mqttClient();
if (role === "sub") {
  let count = 0;
  await client.subscribe(() => count++);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const [before, t0] = [count, performance.now()];
  await new Promise((resolve) => setTimeout(resolve, (opts.seconds ?? 3) * 1000));
  print({ messagesPerSecond: (count - before) / ((performance.now() - t0) / 1000) });
  process.exit(0);
} else if (role === "rep") {
  await client.respond();
  print({ ready: true });
} else {
  const size = opts.size ?? 100;
  let seq = 0;
  setInterval(() => print({ t: performance.timeOrigin + performance.now(), seq }), 100);
  print({ ready: true });
  // Flat out: 256 at a time; at a rate: what the schedule says is due,
  // every 10 ms (a late timer's share goes in the next batch). Either way
  // waits until the client has handed the batch to the broker.
  const start = performance.now();
  for (let tick = 1; ; tick++) {
    const due = opts.rate ? Math.floor(((performance.now() - start) / 1000) * opts.rate) : seq + 256;
    while (seq < due) client.publish(stamped(size, seq++));
    await client.drained();
    const wait = opts.rate ? start + tick * 10 - performance.now() : 0;
    await new Promise((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
  }
}
