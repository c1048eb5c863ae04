// The browser benchmark's page-side measuring code, one implementation for
// every client a page can use (zeromq-wasm in its worker or on the main
// thread, nats.js, mqtt.js) behind a small adapter each, plus the raw
// WebSocket baselines. Bundled by pages.ts and driven over DevTools by
// browser.bench.ts through window.bench.
type ZmqWorker = typeof import("../../../dist/browser/client.js");
type ZmqMainThread = typeof import("../../../dist/nothreads.js");
type Nats = typeof import("@nats-io/nats-core");
type Mqtt = { default: typeof import("mqtt").default };

/** main: zeromq-wasm/nothreads on the page's main thread; threads:
 * zeromq-wasm/threads there (libzmq's own threads as Web Workers). */
export type Kind = "worker" | "main" | "threads" | "nats" | "mqtt" | "raw";
/** Where a client connects: the gateway (zeromq-wasm) or the broker's WebSocket. */
export type Config = { gateway?: string; broker?: string };

/** One connected client; `target`: a ZeroMQ endpoint, NATS subject or MQTT topic. */
interface Connection {
  /** Calls onMessage with each message's payload until stop(). */
  subscribe(target: string, onMessage: (payload: Uint8Array) => void): Promise<{ stop(): void }>;
  /** Sends one request and resolves with its reply. */
  requester(target: string): Promise<(payload: Uint8Array) => Promise<unknown>>;
  close(): void;
}
type Adapter = (config: Config) => Promise<Connection>;

function zmqAdapter(zmq: ZmqWorker | ZmqMainThread): Adapter {
  return async ({ gateway }) => {
    zmq.configure({ gateway });
    const sockets: { close(): void }[] = [];
    return {
      subscribe: async (endpoint, onMessage) => {
        const sub = new zmq.Subscriber();
        sockets.push(sub);
        sub.connect(endpoint);
        sub.subscribe();
        void (async () => {
          for (;;) onMessage((await sub.receive())[0]);
        })().catch(() => {}); // closed
        return { stop: () => sub.close() };
      },
      requester: async (endpoint) => {
        const req = new zmq.Request();
        sockets.push(req);
        req.connect(endpoint);
        return async (payload) => {
          await req.send(payload);
          return req.receive();
        };
      },
      close: () => sockets.forEach((socket) => socket.close()),
    };
  };
}

function natsAdapter(nats: Nats): Adapter {
  return async ({ broker }) => {
    const nc = await nats.wsconnect({ servers: broker! });
    return {
      subscribe: async (subject, onMessage) => {
        const sub = nc.subscribe(subject, { callback: (_, msg) => onMessage(msg.data) });
        await nc.flush(); // the server has the subscription
        return { stop: () => sub.unsubscribe() };
      },
      requester: async (subject) => (payload) => nc.request(subject, payload, { timeout: 10_000 }),
      close: () => void nc.close(),
    };
  };
}

function mqttAdapter({ default: mqtt }: Mqtt): Adapter {
  return async ({ broker }) => {
    const client = await mqtt.connectAsync(broker!, { reconnectPeriod: 0 });
    let deliver: (payload: Uint8Array) => void = () => {};
    client.on("message", (_, payload) => deliver(payload));
    return {
      subscribe: async (topic, onMessage) => {
        deliver = onMessage;
        await client.subscribeAsync(topic, { qos: 0 });
        return { stop: () => void client.unsubscribe(topic) };
      },
      // Request/reply as MQTT applications emulate it: publish on
      // <topic>/req, the responder publishes the reply on <topic>/rep.
      requester: async (topic) => {
        await client.subscribeAsync(`${topic}/rep`, { qos: 0 });
        return (payload) =>
          new Promise((resolve) => {
            deliver = resolve;
            client.publish(`${topic}/req`, payload as never, { qos: 0 });
          });
      },
      close: () => void client.end(true),
    };
  };
}

/** Wall-clock ms, at the page's fine resolution (cross-origin isolated). */
const wallClock = () => performance.timeOrigin + performance.now();
/** The send time a publisher stamped at the start of a payload. */
const sentAt = (payload: Uint8Array) => new DataView(payload.buffer, payload.byteOffset, 8).getFloat64(0, true);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SubWindow {
  count: number;
  messagesPerSecond: number;
  /** Wall-clock ms of the window's first and last message (the publisher's
   * progress lines say how many it sent in between). */
  start: number;
  end: number;
  /** Age of messages on arrival (receive time - send time), ms. */
  ageMean: number;
  ageP99: number;
}

function measures(connect: Adapter) {
  return {
    /** Counts a flat-out feed for `seconds` from its first message. */
    async throughput({ config, target, seconds }: { config: Config; target: string; seconds: number }): Promise<SubWindow> {
      const connection = await connect(config);
      const ages: number[] = [];
      let start = 0;
      let last = 0;
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      const feed = await connection.subscribe(target, (payload) => {
        last = wallClock();
        if (!start) return void (start = last); // the window opens at the first message
        ages.push(last - sentAt(payload));
        if (last - start > seconds * 1000) done();
      });
      // Also ends a window whose feed stalls (a broker dropping a slow client).
      const stalled = setInterval(() => start && wallClock() - start > seconds * 1000 + 2000 && done(), 100);
      await finished;
      clearInterval(stalled);
      feed.stop();
      connection.close();
      const count = ages.length;
      const sorted = Float64Array.from(ages).sort();
      return {
        count,
        messagesPerSecond: count / ((last - start) / 1000),
        start,
        end: last,
        ageMean: sorted.reduce((a, b) => a + b, 0) / count,
        ageP99: sorted[Math.floor(count * 0.99)],
      };
    },
    /** Round-trip times (µs) of `count` sequential requests after `warm` ones. */
    async roundTrips({ config, target, size = 100, count = 3000, warm = 300 }: { config: Config; target: string; size?: number; count?: number; warm?: number }): Promise<number[]> {
      const connection = await connect(config);
      const request = await connection.requester(target);
      const payload = new Uint8Array(size);
      const samples: number[] = [];
      for (let i = 0; i < warm + count; i++) {
        const t = performance.now();
        await request(payload);
        if (i >= warm) samples.push((performance.now() - t) * 1000);
      }
      connection.close();
      return samples;
    },
    /** Counts a steady feed into window.received; resolves at its first message. */
    async steady({ config, target }: { config: Config; target: string }): Promise<void> {
      const connection = await connect(config);
      const state = window as never as { received: number };
      state.received = 0;
      await connection.subscribe(target, () => state.received++);
      while (state.received === 0) await sleep(10);
    },
  };
}

/** Raw WebSocket baselines through the same gateway (no client library). */
const raw = {
  open: async (url: string) => {
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    await new Promise((resolve) => (ws.onopen = resolve));
    return ws;
  },
  /** Records/s of a flat-out stream of `record`-byte records (the limit). */
  async stream({ url, seconds, record }: { url: string; seconds: number; record: number }): Promise<number> {
    const ws = await raw.open(url);
    let bytes = 0;
    let t0 = 0;
    return await new Promise<number>((resolve) => {
      ws.onmessage = (event) => {
        if (!t0) t0 = performance.now();
        bytes += (event.data as ArrayBuffer).byteLength;
        const elapsed = performance.now() - t0;
        if (elapsed > seconds * 1000) {
          ws.close();
          resolve(bytes / record / (elapsed / 1000));
        }
      };
    });
  },
  /** Round-trip times (µs) of `size`-byte messages through an echo. */
  async echo({ url, size = 102, count = 3000, warm = 300 }: { url: string; size?: number; count?: number; warm?: number }): Promise<number[]> {
    const ws = await raw.open(url);
    const message = new Uint8Array(size);
    let pending: (() => void) | undefined;
    let received = 0;
    ws.onmessage = (event) => {
      received += (event.data as ArrayBuffer).byteLength;
      if (received >= size && pending) {
        received -= size;
        const wake = pending;
        pending = undefined;
        wake();
      }
    };
    const samples: number[] = [];
    for (let i = 0; i < warm + count; i++) {
      const t = performance.now();
      const answered = new Promise<void>((resolve) => (pending = resolve));
      ws.send(message);
      await answered;
      if (i >= warm) samples.push((performance.now() - t) * 1000);
    }
    ws.close();
    return samples;
  },
  /** Counts `record`-byte records of a steady stream into window.received. */
  async steady({ url, record }: { url: string; record: number }): Promise<void> {
    const ws = await raw.open(url);
    const state = window as never as { received: number };
    state.received = 0;
    let bytes = 0;
    ws.onmessage = (event) => {
      bytes += (event.data as ArrayBuffer).byteLength;
      state.received = Math.floor(bytes / record);
    };
  },
};

export type Bench = ReturnType<typeof measures> & { raw: typeof raw };

/** Sets window.bench for a page whose client is `lib`; resolves when it is loaded. */
export async function install(kind: Kind, lib: unknown): Promise<string> {
  const adapter =
    kind === "worker" || kind === "main" || kind === "threads" ? zmqAdapter(lib as ZmqWorker) : kind === "nats" ? natsAdapter(lib as Nats) : kind === "mqtt" ? mqttAdapter(lib as Mqtt) : undefined;
  (window as never as { bench: Bench }).bench = { ...measures(adapter ?? (() => Promise.reject(new Error("the raw page has no client")))), raw };
  if (kind === "worker") await (lib as ZmqWorker).ready();
  if (kind === "main" || kind === "threads") await (lib as ZmqMainThread).ready;
  return "ready";
}
