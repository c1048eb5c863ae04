/**
 * The one boundary between the public classes (socket.ts, context.ts,
 * proxy.ts) and whatever runs libzmq: a Host makes contexts, sockets and
 * proxies, each driven through a small backend interface.
 *
 * Two hosts implement it: in-process wasm (wasm.ts: Node, Deno, Bun, an
 * app's own worker) and worker-proxied (remote.ts: a web page, whose libzmq
 * runs in a Web Worker). An entry point installs one (host.ts), the way a
 * nats.js runtime entry installs its transport.
 *
 * The public classes check arguments and socket state (closed, busy,
 * blocked) before calling in, so a backend only does the operation. Where a
 * method may throw, a remote backend cannot know yet: it reports the failure
 * later through check() or a pending wait instead.
 */
import type { Frame } from "../frames.js";
import type { ContextOptionName, OptionSpec } from "../options.js";

export interface ConnectRequest {
  /** ZMQ_CONNECT_ROUTING_ID for this connection (Router). */
  routingId?: Uint8Array;
  /** A gateway base URL (endpoint.ts gatewayBase) for this tcp:// endpoint. */
  gateway?: string;
}

/** One event from libzmq's socket monitor, decoded into what zeromq.js's
 * Event holds (observer.ts makes the public Event of it). Plain data: it
 * crosses from a page's Worker as it is. */
export interface MonitorEvent {
  /** zeromq.js's name for it: "connect", "bind:error", "end", ... */
  type: string;
  address?: string;
  /** connect:retry: the reconnect interval in ms. */
  interval?: number;
  /** The failure, for the events that report one. */
  error?: MonitorEventError;
}

export interface MonitorEventError {
  message: string;
  /** An errno name ("EADDRINUSE") or a protocol error ("ERR_ZMTP_CRYPTOGRAPHIC"). */
  code?: string;
  errno?: number;
  /** handshake:error:auth: the ZAP status (300, 400, 500). */
  status?: number;
}

/** libzmq's monitor of one socket (zmq_socket_monitor, every event). */
export interface MonitorBackend {
  /** The next event; undefined once the monitor is closed (close(), or
   * after the "end" event, which comes once the socket is gone). */
  next(): Promise<MonitorEvent | undefined>;
  /** Stops monitoring; a pending next() resolves undefined. */
  close(): void;
}

export interface SocketBackend {
  /** Resolves once bound; a result that is not a promise means done now. */
  bind(address: string): void | Promise<void>;
  unbind(address: string): void | Promise<void>;
  /** bind and unbind done before returning (zeromq.js's bindSync); throws
   * the failure, or where this host cannot answer at once, says so. */
  bindSync(address: string): void;
  unbindSync(address: string): void;
  connect(address: string, request: ConnectRequest): void;
  disconnect(address: string): void;
  /** Sends one message. undefined: taken at once; a promise: waits while
   * the socket is at its high-water mark, up to sendTimeout. */
  send(frames: Uint8Array[]): void | Promise<void>;
  /** True where this side cannot tell whether a pending send was taken or
   * waits at the high-water mark (a page's socket: libzmq is in the
   * worker): the socket hands it further sends while one is pending, and
   * the host keeps them in line and refuses one with EBUSY only while an
   * earlier one waits, as zeromq.js refuses a send. */
  readonly sendsInLine?: boolean;
  /** Appends the messages waiting now to inbox, without waiting. */
  take(inbox: Frame[][]): void;
  /** Appends at least one message to inbox; rejects with EAGAIN at
   * receiveTimeout or when the socket closes. Messages that arrive after a
   * rejection still go to inbox: none is lost. */
  wait(inbox: Frame[][]): Promise<void>;
  /** ZMQ_EVENTS (POLLIN, POLLOUT below), as far as this side knows. */
  events(): number;
  subscribe(subscribe: boolean, prefix: Uint8Array): void;
  setOption(name: string, spec: OptionSpec, value: unknown): void;
  /** The value as this side knows it (a remote backend: the last one set
   * or learned). */
  getOption(name: string, spec: OptionSpec): unknown;
  /** The value as libzmq has it now. */
  readOption(name: string, spec: OptionSpec): Promise<unknown>;
  /** Operations wait until `until` settles: a libzmq thread (a proxy)
   * owns the socket meanwhile. */
  lend(until: Promise<unknown>): void;
  /** Throws a failure of an earlier call that returned before it failed. */
  check(): void;
  /** True once the socket failed for good underneath (libzmq aborted: out
   * of wasm memory); it then counts as closed. */
  readonly failed?: boolean;
  /** Pending waits end with EAGAIN; queued messages go out per linger. */
  close(): void;
  /** Starts libzmq's monitor on this socket; a monitor started before
   * ends (its "end" event), as in libzmq. */
  monitor(): MonitorBackend;
}

export interface ContextBackend {
  get(name: ContextOptionName): number;
  set(name: ContextOptionName, value: number): void;
  /** Nothing will use this context again (its public Context was
   * collected): libzmq's context is terminated once its sockets are closed,
   * without blocking. Never called for the default context. */
  release(): void;
}

export type ProxyCommand = "PAUSE" | "RESUME" | "TERMINATE";

export interface ProxyBackend {
  /** Forwards both ways until TERMINATE or until a socket closes. */
  run(): Promise<void>;
  command(command: ProxyCommand): void;
}

/** Limits of inbound frames in progress, for all connections of the
 * runtime (wasm/shim/zws_inbound.h). */
export interface InboundLimits {
  /** Bytes all partly received frames may hold together before a
   * connection over its fair share is dropped (default 512 MiB). */
  budget?: number;
  /** Ms a partly received frame may go without a byte before its
   * connection is dropped (default 30000; 0: never). */
  stallTimeout?: number;
}

/** Runtime-wide settings a host applies (see configure.ts). */
export interface HostConfiguration {
  inbound?: InboundLimits;
  /** A gateway base URL (gatewayBase), or null for none. */
  gateway?: string | null;
  /** A WebSocket class where the runtime has none (in-process hosts). */
  WebSocket?: new (url: string) => WebSocket;
  /** The Worker that hosts libzmq for a page (remote host). */
  worker?: () => Worker;
  /** Share one libzmq host among the origin's tabs (remote host). */
  share?: boolean;
}

export interface Host {
  /** shared: the default context, which a Node process's worker threads
   * share with the thread hosting libzmq (node-threads.ts). */
  createContext(options: Array<[ContextOptionName, number]>, shared?: boolean): ContextBackend;
  /** options: already checked against the option table for this type. */
  createSocket(type: number, context: ContextBackend, options: Array<[string, OptionSpec, unknown]>): SocketBackend;
  createProxy(frontEnd: SocketBackend, backEnd: SocketBackend, control: ContextBackend): ProxyBackend;
  configure(config: HostConfiguration): void;
}

/** libzmq's ZMQ_EVENTS bits, as events() reports them. */
export const POLLIN = 1;
export const POLLOUT = 2;
