/**
 * The Worker host: libzmq (wasm) lives here, not on the page's main thread. It serves the page's backends (backend/remote.ts)
 * by id with the in-process host's own (backend/wasm-host.ts); messages
 * travel in packed, transferred batches.
 */
import { expose, transfer } from "comlink";
import { transferErrorCodes, type HostConfig, type WorkerApi } from "../backend/protocol.js";
import { WasmContext, WasmHost } from "../backend/wasm-host.js";
import type { WasmSocket } from "../backend/wasm-socket.js";
import type { WasmMonitor } from "../backend/wasm-monitor.js";
import type { ProxyBackend } from "../backend/types.js";
import { curveKeyPair } from "../curve.js";
import { closedError, makeError } from "../errors.js";
import { unpack } from "../frames.js";
import { checkOption, readableOption } from "../options.js";
import { load } from "../runtime/load.js";

// The build without threads, isolated page or not: in the page's worker it
// measured as fast or faster than libzmq's threads on every figure, and
// starts in two thirds of the time (README, "Two builds of libzmq").
const loaded = load("nothreads").then((runtime) => new WasmHost(runtime));
let host!: WasmHost;
const sockets = new Map<number, WasmSocket>();
const contexts = new Map<number, WasmContext>();
const proxies = new Map<number, ProxyBackend>();
const monitors = new Map<number, WasmMonitor>();

function socket(id: number): WasmSocket {
  const found = sockets.get(id);
  if (!found) throw closedError();
  return found;
}

function context(id: number): WasmContext {
  const found = contexts.get(id);
  if (!found) throw makeError(`Unknown context ${id}`, "EINVAL");
  return found;
}

function lastEndpoint(s: WasmSocket): string | null {
  return s.getOption("lastEndpoint", readableOption("lastEndpoint")!) as string | null;
}

const api: WorkerApi = {
  async start(config: HostConfig) {
    host = await loaded;
    api.configure(config);
    return { version: host.runtime.native.version(), build: host.runtime.build };
  },
  configure(config) {
    if (config.gateway !== undefined) host.configure({ gateway: config.gateway });
  },
  createContext(id, options) {
    contexts.set(id, host.createContext(options));
  },
  setContextOption(id, name, value) {
    context(id).set(name, value);
  },
  create(id, type, contextId, options) {
    // The page checked these; a page is still no reason to trust them.
    const checked = options.map(([name, value]): [string, ReturnType<typeof checkOption>, unknown] => [name, checkOption(type, name, value), value]);
    const created = host.createSocket(type, context(contextId), checked);
    sockets.set(id, created);
    return created.events();
  },
  async bindTo(id, address) {
    const s = socket(id);
    await s.bind(address);
    return lastEndpoint(s);
  },
  async unbindFrom(id, address) {
    const s = socket(id);
    await s.unbind(address);
    return lastEndpoint(s);
  },
  connect(id, address, request) {
    socket(id).connect(address, request);
  },
  disconnect(id, address) {
    socket(id).disconnect(address);
  },
  subscribe(id, on, prefix) {
    socket(id).subscribe(on, prefix);
  },
  setOption(id, name, value) {
    const s = socket(id);
    s.setOption(name, checkOption(s.getOption("type", readableOption("type")!) as number, name, value), value);
  },
  getOption(id, name) {
    const spec = readableOption(name);
    return spec ? socket(id).getOption(name, spec) : undefined;
  },
  async send(id, batch) {
    const s = socket(id);
    const [frames] = unpack(batch, (buffer, offset, length) => new Uint8Array(buffer, offset, length));
    await s.send(frames);
    return s.events();
  },
  async receive(id, maxMessages) {
    const s = socket(id);
    const batch = await s.waitPacked(maxMessages);
    return transfer({ batch, events: s.events() }, [batch.buffer]);
  },
  async proxyRun(proxyId, frontId, backId, contextId) {
    const front = socket(frontId);
    const back = socket(backId);
    const proxy = host.createProxy(front, back, context(contextId));
    proxies.set(proxyId, proxy);
    // Lent to the proxy's thread: this worker leaves them alone meanwhile.
    const running = proxy.run();
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    front.lend(settled);
    back.lend(settled);
    try {
      await running;
    } finally {
      proxies.delete(proxyId);
    }
  },
  proxyCommand(proxyId, command) {
    const proxy = proxies.get(proxyId);
    if (!proxy) throw makeError("The proxy is not running", "EBADF");
    proxy.command(command);
  },
  close(id) {
    sockets.get(id)?.close();
    sockets.delete(id);
  },
  monitor(id, monitorId) {
    monitors.set(monitorId, socket(id).monitor());
  },
  async monitorNext(monitorId) {
    const event = await monitors.get(monitorId)?.next();
    if (!event || event.type === "end") monitors.delete(monitorId);
    return event;
  },
  monitorClose(monitorId) {
    monitors.get(monitorId)?.close();
    monitors.delete(monitorId);
  },
  curveKeyPair,
  stats: () => host.runtime.shim.stats(),
};

transferErrorCodes();

// Load at once. The page's first call is start(); every later call waits
// until start() has finished (it applies the page's configuration).
let started: Promise<unknown> = loaded;
expose(
  new Proxy(api, {
    get: (target, key: keyof WorkerApi) => {
      const method = target[key] as (...args: unknown[]) => unknown;
      if (key === "start") {
        return (...args: unknown[]) => {
          const starting = method.apply(target, args) as Promise<unknown>;
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
