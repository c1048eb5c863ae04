/**
 * The demo's server side: ordinary tcp:// ZeroMQ services written with the
 * project's own Node API. Any ZeroMQ client can use them directly, e.g.
 *   python3 -c "import zmq; s=zmq.Context().socket(zmq.SUB); s.connect('tcp://127.0.0.1:5556'); s.subscribe(b'10001'); print(s.recv())"
 */
import { Publisher, Reply, Router } from "zeromq-wasm";
import { cities, symbols, type DemoPorts } from "../demo-config.ts";

export interface ServiceOptions {
  host: string;
  ports: DemoPorts;
  /** Ticker updates per second (the dashboard's load). */
  tickerRate: number;
  /** Weather updates per second, over all cities. */
  weatherRate: number;
}

interface Service {
  close(): Promise<void>;
}

const TICK_MS = 10;

/** Calls fn every TICK_MS with how many items are due at `perSecond`. */
function pace(perSecond: number, fn: (count: number) => Promise<void>): () => Promise<void> {
  let stopped = false;
  const started = performance.now();
  let sent = 0;
  const loop = (async () => {
    while (!stopped) {
      const due = Math.floor(((performance.now() - started) / 1000) * perSecond) - sent;
      if (due > 0) {
        // Never try to catch up more than a second behind (after a pause).
        const count = Math.min(due, Math.max(1, perSecond));
        await fn(count);
        sent += due;
      }
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

/** Guide: hello world server. */
async function hello(at: string): Promise<Service> {
  const socket = new Reply();
  await socket.bind(at);
  void (async () => {
    try {
      for await (const [request] of socket) await socket.send(request.toString() === "Hello" ? "World" : `World (you said ${request.toString()})`);
    } catch {
      // closed
    }
  })();
  return { close: async () => socket.close() };
}

/** Guide: weather update server, a few cities in a random walk. */
async function weather(at: string, rate: number): Promise<Service> {
  const socket = new Publisher();
  await socket.bind(at);
  const temperature = new Map<string, number>(cities.map((c, i) => [c.zip, 10 + i * 4]));
  const stop = pace(rate, async (count) => {
    for (let i = 0; i < count; i++) {
      const { zip } = cities[Math.floor(Math.random() * cities.length)];
      const t = temperature.get(zip)! + (Math.random() - 0.5) * 0.6;
      temperature.set(zip, t);
      const humidity = 40 + Math.floor(Math.random() * 40);
      await socket.send(`${zip} ${t.toFixed(1)} ${humidity} ${Date.now()}`);
    }
  });
  return {
    close: async () => {
      await stop();
      socket.close();
    },
  };
}

/** Guide: the Clone pattern's server. A key-value state (symbol -> price)
 * with a sequence number per change; updates go out on a PUB, and a ROUTER
 * serves snapshots so a late joiner sees the current state at once. The
 * epoch tells clients when the server restarted (sequences start over). */
async function ticker(snapshotAt: string, updatesAt: string, rate: number): Promise<Service> {
  const epoch = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const updates = new Publisher({ sendHighWaterMark: 100_000 });
  const snapshots = new Router();
  await updates.bind(updatesAt);
  await snapshots.bind(snapshotAt);
  let sequence = 0;
  const state = new Map<string, { seq: number; body: string }>();
  const prices = new Map<string, number>(symbols.map((s, i) => [s, 50 + i * 25]));
  const change = (symbol: string) => {
    const previous = prices.get(symbol)!;
    const price = Math.max(1, previous * (1 + (Math.random() - 0.5) * 0.002));
    prices.set(symbol, price);
    const seq = ++sequence;
    const body = JSON.stringify({ price: Number(price.toFixed(2)), ts: Date.now(), epoch });
    state.set(symbol, { seq, body });
    return [symbol, String(seq), body];
  };
  for (const symbol of symbols) change(symbol);
  const stop = pace(rate, async (count) => {
    for (let i = 0; i < count; i++) await updates.send(change(symbols[Math.floor(Math.random() * symbols.length)]));
  });
  void (async () => {
    try {
      for await (const [identity, command, subtree = Buffer.alloc(0)] of snapshots) {
        if (command.toString() !== "ICANHAZ?") continue;
        const prefix = subtree.toString();
        for (const [key, { seq, body }] of state) {
          if (key.startsWith(prefix)) await snapshots.send([identity, key, String(seq), body]);
        }
        await snapshots.send([identity, "KTHXBAI", String(sequence), JSON.stringify({ epoch, subtree: prefix })]);
      }
    } catch {
      // closed
    }
  })();
  return {
    close: async () => {
      await stop();
      updates.close();
      snapshots.close();
    },
  };
}

/** Guide: Lazy Pirate's unreliable server. Every third request gets no
 * answer, as if the server were overloaded; the client must retry. */
async function flaky(at: string): Promise<Service> {
  const socket = new Router();
  await socket.bind(at);
  let received = 0;
  void (async () => {
    try {
      for await (const [identity, empty, request] of socket) {
        if (++received % 3 === 0) continue;
        await socket.send([identity, empty, request]);
      }
    } catch {
      // closed
    }
  })();
  return { close: async () => socket.close() };
}

export interface Services {
  /** Stops every service (its sockets close; clients see the peer go). */
  stop(): Promise<void>;
  /** Starts them again after stop() (the ticker gets a new epoch). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startServices(options: ServiceOptions): Promise<Services> {
  const at = (port: number) => `tcp://${options.host}:${port}`;
  const { ports } = options;
  // All or none: if one cannot bind (its port is taken), those that did
  // are closed again rather than left holding their ports and the process.
  const startAll = async () => {
    const started = await Promise.allSettled([
      hello(at(ports.hello)),
      weather(at(ports.weather), options.weatherRate),
      ticker(at(ports.tickerSnapshot), at(ports.tickerUpdates), options.tickerRate),
      flaky(at(ports.flaky)),
    ]);
    const failed = started.find((result) => result.status === "rejected");
    if (!failed) return started.map((result) => (result as PromiseFulfilledResult<Service>).value);
    await Promise.all(started.map((result) => (result.status === "fulfilled" ? result.value.close() : undefined)));
    throw failed.reason;
  };
  let running: Service[] = await startAll();
  const stop = async () => {
    await Promise.all(running.map((service) => service.close()));
    running = [];
  };
  return {
    stop,
    close: stop,
    async start() {
      if (running.length === 0) running = await startAll();
    },
  };
}
