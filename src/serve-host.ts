/**
 * Serving libzmq in this thread to another thread over comlink: the page's
 * Web Worker serves the page (browser/worker.ts), and in Node the thread
 * that loaded zeromq-wasm first serves its worker threads (node-threads.ts).
 * Each connection names its sockets, contexts and proxies by ids of its own
 * picking; messages travel in packed, transferred batches.
 */
import { expose, transfer, type Endpoint } from "comlink";
import { errorToWire, transferErrorCodes, type HostConfig, type PostedReceive, type PostedSend, type PostedSendFailed, type WorkerApi } from "./backend/protocol.js";
import type { WasmContext, WasmHost } from "./backend/wasm-host.js";
import type { WasmSocket } from "./backend/wasm-socket.js";
import type { MonitorBackend, ProxyBackend } from "./backend/types.js";
import { ClientFeeds, sharedDefaultContext } from "./backend/subscriber-feeds.js";
import { curveKeyPair } from "./curve.js";
import { busyError, closedError, makeError } from "./errors.js";
import { unpack } from "./frames.js";
import { checkOption, readableOption } from "./options.js";
import { ServedClient } from "./inspect/served-sockets.js";

export interface ServeOptions {
  /** Subscribers of all the clients served on this host that connect to
   * one tcp:// endpoint with the same connection options share one
   * upstream connection (backend/subscriber-feeds.ts): for a host serving
   * several pages (a browser's tabs). Their default contexts are then one. */
  shareSubscriberConnections?: boolean;
  /** With shareSubscriberConnections: how long a feed stays connected
   * after its last Subscriber leaves (default FEED_LINGER_MS). The host's
   * feeds are one set: the last client's value applies to all. */
  feedLingerMs?: number;
  /** How many clients share this host (a SharedWorker's tabs), for stats(). */
  tabs?: () => number;
}

export interface Served {
  /** Closes what the other thread left open (it has gone). */
  close(): void;
}

/**
 * Serves `loaded` on `endpoint`. sharedContext: the context a client's
 * default context is (Node's threads share the process's default context,
 * as zeromq.js does); without it each client's default context is its own.
 * serveOptions: see ServeOptions (a host serving several pages).
 */
export function serveHost(loaded: Promise<WasmHost>, endpoint: Endpoint, sharedContext?: () => WasmContext, serveOptions: ServeOptions = {}): Served {
  let host!: WasmHost;
  /** Set once started, with shareSubscriberConnections. */
  let feeds: ClientFeeds | undefined;
  if (serveOptions.shareSubscriberConnections) sharedContext ??= () => sharedDefaultContext(host);
  const sockets = new Map<number, WasmSocket>();
  /** What the inspector of any client of this host is shown of this one's sockets. */
  const inspected = new ServedClient(loaded);
  const contexts = new Map<number, WasmContext>();
  const proxies = new Map<number, ProxyBackend>();
  const monitors = new Map<number, MonitorBackend>();

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

  /** Per socket, the last of its sends still waiting, settled either way. */
  const sendsWaiting = new Map<number, Promise<void>>();
  function inLine(id: number, pending: Promise<void>): Promise<void> {
    const settled = pending.then(
      () => undefined,
      () => undefined,
    );
    sendsWaiting.set(id, settled);
    void settled.then(() => {
      if (sendsWaiting.get(id) === settled) sendsWaiting.delete(id);
    });
    return pending;
  }

  function lastEndpoint(s: WasmSocket): string | null {
    return s.getOption("lastEndpoint", readableOption("lastEndpoint")!) as string | null;
  }

  const api: WorkerApi = {
    async start(config: HostConfig) {
      host = await loaded;
      if (serveOptions.shareSubscriberConnections) feeds ??= new ClientFeeds(host, serveOptions.feedLingerMs);
      api.configure(config);
      return { version: host.runtime.native.version(), build: host.runtime.build };
    },
    configure(config) {
      if (config.gateway !== undefined) host.configure({ gateway: config.gateway });
      if (config.inbound) host.configure({ inbound: config.inbound });
    },
    createContext(id, options, shared) {
      if (!shared || !sharedContext) return void contexts.set(id, host.createContext(options));
      const found = sharedContext();
      for (const [name, value] of options) found.set(name, value);
      contexts.set(id, found);
    },
    setContextOption(id, name, value) {
      context(id).set(name, value);
    },
    create(id, type, contextId, options) {
      // The client checked these; another thread is still no reason to trust them.
      const checked = options.map(([name, value]): [string, ReturnType<typeof checkOption>, unknown] => [name, checkOption(type, name, value), value]);
      const created = host.createSocket(type, context(contextId), checked);
      sockets.set(id, created);
      inspected.created(id, type);
      feeds?.created(id, type, context(contextId), options);
      return created.events();
    },
    async bindTo(id, address) {
      const s = socket(id);
      await s.bind(address);
      const bound = lastEndpoint(s);
      inspected.endpoint(id, "bind", bound ?? address, true);
      return bound;
    },
    async unbindFrom(id, address) {
      const s = socket(id);
      await s.unbind(address);
      inspected.endpoint(id, "bind", address, false);
      return lastEndpoint(s);
    },
    connect(id, address, request) {
      const s = socket(id);
      if (!feeds?.connect(id, s, address, request)) s.connect(address, request);
      inspected.endpoint(id, "connect", address, true);
    },
    disconnect(id, address) {
      const s = socket(id);
      if (!feeds?.disconnect(id, s, address)) s.disconnect(address);
      inspected.endpoint(id, "connect", address, false);
    },
    subscribe(id, on, prefix) {
      socket(id).subscribe(on, prefix);
    },
    setOption(id, name, value) {
      const s = socket(id);
      s.setOption(name, checkOption(s.getOption("type", readableOption("type")!) as number, name, value), value);
      feeds?.optionSet(id, name, value);
    },
    getOption(id, name) {
      const spec = readableOption(name);
      const value = spec ? socket(id).getOption(name, spec) : undefined;
      // A Subscriber on a feed names the endpoint, not the feed.
      return feeds && typeof value === "string" ? feeds.endpointOf(id, value) : value;
    },
    async send(id, batch, busyIfWaiting) {
      if (busyIfWaiting && sendsWaiting.has(id)) throw busyError(false);
      const [frames] = unpack(batch, (buffer, offset, length) => new Uint8Array(buffer, offset, length));
      // The client may post a send before an earlier one is done (remote.ts
      // resolves some sends once posted): one waiting at the high-water mark
      // keeps its place in line.
      const earlier = sendsWaiting.get(id);
      const pending = earlier ? earlier.then(() => socket(id).send(frames)) : socket(id).send(frames);
      if (pending) await inLine(id, pending);
      inspected.sent(id, frames);
      return socket(id).events();
    },
    async receive(id, maxMessages) {
      const s = socket(id);
      const batch = await s.waitPacked(maxMessages);
      inspected.received(id, batch);
      return transfer({ batch, events: s.events() }, [batch.buffer]);
    },
    async proxyRun(proxyId, frontId, backId, contextId) {
      const front = socket(frontId);
      const back = socket(backId);
      const proxy = host.createProxy(front, back, context(contextId));
      proxies.set(proxyId, proxy);
      // Lent to the proxy's thread: this host leaves them alone meanwhile.
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
      inspected.closed(id);
      feeds?.closed(id);
    },
    monitor(id, monitorId) {
      const s = socket(id);
      monitors.set(monitorId, feeds ? feeds.monitor(s) : s.monitor());
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
    stats: () => ({
      ...host.runtime.shim.stats(),
      ...(feeds && { sharedFeeds: feeds.stats() }),
      ...(serveOptions.tabs && { tabs: serveOptions.tabs() }),
    }),
    inspect: () => inspected.inspectHost(feeds?.list() ?? []),
  };

  transferErrorCodes();

  // The client's first call is start(); every later call waits until
  // start() has finished (it applies the client's configuration).
  let started: Promise<unknown> = loaded;
  const served = new Proxy(api, {
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
  });
  expose(served, endpoint);
  // Sends the client does not wait for (protocol.ts, PostedSend): the same
  // path as comlink's send, answered only by a failure.
  endpoint.addEventListener("message", (event) => {
    const posted = (event as MessageEvent<Partial<PostedSend> | undefined>).data?.zwsPostedSend;
    if (!posted) return;
    const { id, batch, receive } = posted;
    served.send(id, batch).then(
      () => {
        if (receive === undefined) return;
        served.receive(id, receive).then(
          (received) => endpoint.postMessage({ zwsPostedReceive: { id, received } } satisfies PostedReceive, [received.batch.buffer]),
          (error: unknown) => endpoint.postMessage({ zwsPostedReceive: { id, error: errorToWire(error) } } satisfies PostedReceive),
        );
      },
      (error: unknown) => endpoint.postMessage({ zwsPostedSendFailed: { id, error: errorToWire(error) } } satisfies PostedSendFailed),
    );
  });

  return {
    close() {
      for (const m of monitors.values()) m.close();
      monitors.clear();
      for (const [id, s] of sockets) {
        s.close();
        feeds?.closed(id);
      }
      sockets.clear();
      inspected.gone();
    },
  };
}
