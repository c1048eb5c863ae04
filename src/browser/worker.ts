/**
 * The Worker host: libzmq (wasm) and all its threads live here, never on
 * the page's main thread. The page drives sockets by id over comlink
 * (client.ts); messages travel in packed, transferred batches.
 */
import { expose, transfer } from "comlink";
import { configure } from "../configure.js";
import { curveKeyPair } from "../curve.js";
import { makeError } from "../errors.js";
import { load, runtime } from "../runtime/load.js";
import { Proxy as ZmqProxy } from "../proxy.js";
import type { Socket } from "../socket.js";
import { Dealer, Pair, Publisher, Pull, Push, Reply, Request, Router, Subscriber, XPublisher, XSubscriber } from "../sockets.js";
import { unpack, type Batch, type HostConfig, type WorkerApi } from "./protocol.js";

const classes: Record<number, new (options: Record<string, unknown>) => Socket> = {
  0: Pair,
  1: Publisher,
  2: Subscriber,
  3: Request,
  4: Reply,
  5: Dealer,
  6: Router,
  7: Pull,
  8: Push,
  9: XPublisher,
  10: XSubscriber,
};

const sockets = new Map<number, Socket>();
const proxies = new Map<number, ZmqProxy>();
let gateway: string | null = null;

/** Socket internals the host uses (protected on the public class). */
type HostSide = Socket & {
  send(message: Uint8Array[]): Promise<void>;
  receivePacked(max: number): Promise<Batch>;
  subscribe(...prefixes: Array<string | Uint8Array>): void;
  unsubscribe(...prefixes: Array<string | Uint8Array>): void;
  setOption(name: string, value: unknown): void;
  getOption(name: string): unknown;
  connect(address: string, options?: { routingId?: string | Uint8Array; gateway?: string }): void;
};

function socket(id: number): HostSide {
  const found = sockets.get(id);
  if (!found) throw makeError("Socket is closed", "EBADF");
  return found as HostSide;
}

const api: WorkerApi = {
  async start(config: HostConfig) {
    const { version } = await import("../index.js");
    api.configure(config);
    return { version };
  },
  configure(config: HostConfig) {
    if ("gateway" in config) {
      gateway = config.gateway ?? null;
      configure({ gateway });
    }
  },
  create(id, type, options) {
    const Class = classes[type];
    if (!Class) throw makeError(`Unknown socket type ${type}`, "EINVAL");
    sockets.set(id, new Class(options));
  },
  async bindTo(id, address) {
    const s = socket(id);
    await s.bind(address);
    return s.lastEndpoint;
  },
  async unbindFrom(id, address) {
    const s = socket(id);
    await s.unbind(address);
    return s.lastEndpoint;
  },
  connect(id, address, options) {
    if (address.startsWith("tcp://") && !gateway && !options.gateway) {
      throw makeError(
        `Cannot connect to ${JSON.stringify(address)}: tcp:// in a browser goes through a gateway; call configure({ gateway: "wss://..." }) first`,
        "EHOSTUNREACH",
        0,
        address,
      );
    }
    socket(id).connect(address, options);
  },
  disconnect(id, address) {
    socket(id).disconnect(address);
  },
  subscribe(id, on, prefixes) {
    if (on) socket(id).subscribe(...prefixes);
    else socket(id).unsubscribe(...prefixes);
  },
  setOption(id, name, value) {
    socket(id).setOption(name, value);
  },
  getOption(id, name) {
    return socket(id).getOption(name);
  },
  async send(id, batch) {
    const [frames] = unpack(batch, (buffer, offset, length) => new Uint8Array(buffer, offset, length));
    await socket(id).send(frames);
  },
  async receive(id, maxMessages) {
    const batch = await socket(id).receivePacked(maxMessages);
    return transfer(batch, [batch.buffer]);
  },
  async proxyRun(proxyId, frontId, backId) {
    const proxy = new ZmqProxy(socket(frontId), socket(backId));
    proxies.set(proxyId, proxy);
    try {
      await proxy.run();
    } finally {
      proxies.delete(proxyId);
    }
  },
  proxyCommand(proxyId, command) {
    const proxy = proxies.get(proxyId);
    if (!proxy) throw makeError("The proxy is not running", "EBADF");
    proxy[command]();
  },
  close(id) {
    sockets.get(id)?.close();
    sockets.delete(id);
  },
  curveKeyPair,
  stats: () => runtime().host.stats(),
};

// Load at once. The page's first call is start(); every later call waits
// until start() has finished (it applies the page's configuration).
const loaded = load();
let started: Promise<unknown> = loaded;
expose(
  new Proxy(api, {
    get: (target, key: keyof WorkerApi) => {
      const method = target[key] as (...args: unknown[]) => unknown;
      if (key === "start") {
        return (...args: unknown[]) => {
          const starting = loaded.then(() => method.apply(target, args));
          started = starting.catch(() => undefined);
          return starting;
        };
      }
      return async (...args: unknown[]) => {
        await started;
        return method.apply(target, args);
      };
    },
  }),
);
