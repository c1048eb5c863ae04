/**
 * zeromq-wasm on a web page: the same socket classes, methods and option
 * names as in Node, backed by the Worker host (worker.ts) over comlink. The
 * page's main thread never runs wasm.
 *
 * What must become async does: bind/unbind/send/receive return Promises
 * (as in Node). connect/disconnect/subscribe and option setters return at
 * once after checking their arguments here; a failure inside the worker
 * surfaces on the socket's next send or receive. Option getters return
 * the value last set (or read at bind), without a round trip.
 */
import { wrap, transfer, type Remote } from "comlink";
import { makeError, type ZmqError } from "../errors.js";
import { TextFrame, toBytes, type Frame, type MessageLike } from "../frames.js";
import {
  checkValue,
  defineOptionProperties,
  describe,
  DEALER,
  PAIR,
  PUB,
  PULL,
  PUSH,
  REP,
  REQ,
  ROUTER,
  SUB,
  socketOptions,
  XPUB,
  XSUB,
  type SocketOptionName,
  type SocketOptionProperties,
  type SocketOptions,
} from "../options.js";
import { allowMessaging, type Readable, type Writable } from "../messaging.js";
import { pack, unpack, type HostConfig, type WorkerApi } from "./protocol.js";

/** Messages fetched from the worker per round trip, at most. Bounded, so a
 * slow page leaves the rest in libzmq, where the high-water mark applies. */
const BATCH_MESSAGES = 512;

const isolationHelp =
  "zeromq-wasm needs a cross-origin isolated page (SharedArrayBuffer for libzmq's threads). Serve the page with " +
  "'Cross-Origin-Opener-Policy: same-origin' and 'Cross-Origin-Embedder-Policy: require-corp'.";

let host: { api: Remote<WorkerApi>; started: Promise<{ version: string }> } | undefined;
let pendingConfig: HostConfig = {};

/** Where the Worker host script is; bundlers (Vite) resolve this URL. */
let workerFactory = () => new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "zeromq-wasm" });

function connectHost() {
  if (!globalThis.crossOriginIsolated) throw makeError(isolationHelp, "ENOTSUP");
  if (!host) {
    const api = wrap<WorkerApi>(workerFactory());
    host = { api, started: api.start(pendingConfig) };
  }
  return host;
}

/** Resolves when the worker has loaded libzmq; rejects with a clear error
 * if the page cannot run it (not cross-origin isolated). */
export async function ready(): Promise<void> {
  await connectHost().started;
}

/** The libzmq version in the worker, e.g. "4.3.4". */
export async function version(): Promise<string> {
  return (await connectHost().started).version;
}

export interface ClientConfiguration {
  /** ws:// or wss:// URL of the gateway; a path ("/zmq") is taken relative
   * to the page (ws: for http:, wss: for https:). null: none. */
  gateway?: string | URL | null;
  /** Use another Worker for the host (by default the module's worker.js). */
  worker?: () => Worker;
}

export function configure(config: ClientConfiguration): void {
  if (config.worker) {
    if (host) throw makeError("configure({ worker }) must come before the first socket", "EINVAL");
    workerFactory = config.worker;
  }
  if (!("gateway" in config)) return;
  const gateway = config.gateway === null || config.gateway === undefined ? null : gatewayUrl(config.gateway);
  pendingConfig = { ...pendingConfig, gateway };
  if (host) void host.api.configure({ gateway });
}

/** Diagnostics: network connections in the worker and inbound bytes it
 * holds in JS (bounded; see README, flow control). */
export async function stats(): Promise<{ connections: number; backlogBytes: number }> {
  return connectHost().api.stats();
}

/** A gateway URL; a path ("/zmq") is taken relative to the page, with ws:
 * for http: and wss: for https:. */
function gatewayUrl(gateway: string | URL): string {
  const url = new URL(String(gateway), globalThis.location?.href);
  if (url.protocol === "http:") url.protocol = "ws:";
  if (url.protocol === "https:") url.protocol = "wss:";
  return url.href.replace(/\/$/, "");
}

/** A CURVE key pair made in the worker by libzmq. */
export async function curveKeyPair(): Promise<{ publicKey: string; secretKey: string }> {
  return connectHost().api.curveKeyPair();
}

const endpointPattern = /^(tcp:\/\/[^\s/]+:(\d+|\*)|inproc:\/\/.+)$/;

function checkEndpoint(verb: string, address: unknown): asserts address is string {
  if (typeof address !== "string") {
    throw makeError(`An endpoint must be a string like "tcp://host:port", got ${describe(address)}`, "EINVAL");
  }
  if (!/^[a-z]+:\/\//.test(address)) throw makeError(`Cannot ${verb} ${JSON.stringify(address)}: Invalid argument`, "EINVAL", 0, address);
  if (!endpointPattern.test(address)) {
    const known = /^(tcp|inproc):/.test(address);
    throw makeError(
      `Cannot ${verb} ${JSON.stringify(address)}: ${known ? "Invalid argument" : "Protocol not supported (use tcp:// or inproc://)"}`,
      known ? "EINVAL" : "EPROTONOSUPPORT",
      0,
      address,
    );
  }
}

let nextId = 1;
/** A page socket's id in the worker (for Proxy). */
let idOf: (socket: Socket) => number;

export class Socket {
  readonly #id = nextId++;
  readonly #type: number;
  readonly #api: Remote<WorkerApi>;
  readonly #queue: Frame[][] = [];
  #closed = false;
  #receiving = false;
  #sending = false;
  /** A failure in the worker of a call that returned at once. */
  #deferred: ZmqError | undefined;
  /** Rejects the receive in progress (see #later). */
  #failPending: ((error: ZmqError) => void) | undefined;
  readonly #values = new Map<string, unknown>();

  static {
    idOf = (socket) => {
      socket.#usable();
      return socket.#id;
    };
  }

  constructor(type: number, options: SocketOptions<number> = {}) {
    this.#type = type;
    this.#api = connectHost().api;
    for (const [name, value] of Object.entries(options)) this.#checkOption(name, value);
    this.#later(this.#api.create(this.#id, type, options));
    for (const [name, value] of Object.entries(options)) this.#values.set(name, value);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** True if messages fetched from the worker are waiting here. */
  get readable(): boolean {
    return this.#queue.length > 0;
  }

  async bind(address: string): Promise<void> {
    this.#usable();
    checkEndpoint("bind", address);
    this.#values.set("lastEndpoint", await this.#api.bindTo(this.#id, address));
  }

  async unbind(address: string): Promise<void> {
    this.#usable();
    checkEndpoint("unbind", address);
    this.#values.set("lastEndpoint", await this.#api.unbindFrom(this.#id, address));
  }

  /** `gateway`: reach this tcp:// endpoint through that gateway instead of
   * the one from configure(). */
  connect(address: string, options: { gateway?: string | URL } = {}): void {
    this.connectWithRoutingId(address, options);
  }

  disconnect(address: string): void {
    this.#usable();
    checkEndpoint("disconnect", address);
    this.#later(this.#api.disconnect(this.#id, address));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    void this.#api.close(this.#id);
  }

  protected sendMessage(message: MessageLike | MessageLike[]): Promise<void> {
    this.#usable();
    if (this.#sending) throw makeError("Socket is busy writing; only one send operation may be in progress at any time", "EBUSY");
    const frames = (Array.isArray(message) ? message : [message]).map(toBytes);
    if (frames.length === 0) throw makeError("Cannot send an empty multipart message (no frames)", "EINVAL");
    const batch = pack([frames]);
    this.#sending = true;
    return this.#api.send(this.#id, transfer(batch, [batch.buffer])).finally(() => (this.#sending = false));
  }

  protected receiveMessage(): Promise<Frame[]> {
    this.#usable();
    const next = this.#queue.shift();
    if (next) return Promise.resolve(next);
    if (this.#receiving) throw makeError("Socket is busy reading; only one receive operation may be in progress at any time", "EBUSY");
    this.#receiving = true;
    return new Promise<Frame[]>((resolve, reject) => {
      // A failure of an earlier call (connect, subscribe, ...) ends this
      // wait with that error; a batch that still arrives is kept, not lost.
      let settled = false;
      this.#failPending = (error) => {
        settled = true;
        reject(error);
      };
      this.#api.receive(this.#id, BATCH_MESSAGES).then(
        (batch) => {
          const messages = unpack(batch, (buffer, offset, length) => new TextFrame(buffer, offset, length) as Frame);
          if (settled) return void this.#queue.push(...messages);
          settled = true;
          this.#queue.push(...messages.slice(1));
          resolve(messages[0]);
        },
        (error) => {
          if (!settled) reject(error);
          settled = true;
        },
      );
    }).finally(() => {
      this.#receiving = false;
      this.#failPending = undefined;
    });
  }

  protected async *messages(): AsyncGenerator<Frame[], undefined, undefined> {
    while (!this.#closed) {
      try {
        yield await this.receiveMessage();
      } catch (error) {
        if (this.#closed && ((error as ZmqError).code === "EAGAIN" || (error as ZmqError).code === "EBADF")) return undefined;
        throw error;
      }
    }
    return undefined;
  }

  protected setSubscription(on: boolean, prefixes: Array<string | Uint8Array>): void {
    this.#usable();
    for (const prefix of prefixes) {
      if (typeof prefix !== "string" && !(prefix instanceof Uint8Array)) {
        throw makeError(`A subscription prefix must be a string or Uint8Array, got ${describe(prefix)}`, "EINVAL");
      }
    }
    this.#later(this.#api.subscribe(this.#id, on, prefixes));
  }

  protected connectWithRoutingId(address: string, options: { routingId?: string | Uint8Array; gateway?: string | URL }): void {
    this.#usable();
    checkEndpoint("connect", address);
    const gateway = options.gateway === undefined ? undefined : gatewayUrl(options.gateway);
    if (address.startsWith("tcp://") && !gateway && !pendingConfig.gateway) {
      throw makeError(
        `Cannot connect to ${JSON.stringify(address)}: tcp:// in a browser goes through a gateway; call configure({ gateway: "wss://..." }) first, or pass connect(address, { gateway })`,
        "EHOSTUNREACH",
        0,
        address,
      );
    }
    this.#later(this.#api.connect(this.#id, address, { routingId: options.routingId, gateway }));
  }

  /** Reads an option from libzmq in the worker (getters return the last
   * value known here). */
  async readOption(name: SocketOptionName): Promise<unknown> {
    this.#usable();
    const value = await this.#api.getOption(this.#id, name);
    this.#values.set(name, value);
    return value;
  }

  protected setOption(name: string, value: unknown): void {
    this.#usable();
    this.#checkOption(name, value);
    this.#values.set(name, value);
    this.#later(this.#api.setOption(this.#id, name, value));
  }

  protected getOption(name: string): unknown {
    return this.#values.get(name);
  }

  #checkOption(name: string, value: unknown): void {
    const spec = Object.hasOwn(socketOptions, name) ? socketOptions[name as SocketOptionName] : undefined;
    if (!spec) throw makeError(`Unknown socket option "${name}"`, "EINVAL");
    if ("readOnly" in spec && spec.readOnly) throw makeError(`Socket option "${name}" is read-only`, "EINVAL");
    if ("on" in spec && !(spec.on as readonly number[]).includes(this.#type)) {
      throw makeError(`Socket option "${name}" does not apply to this socket type`, "EINVAL");
    }
    const problem = checkValue(name, spec, value);
    if (problem) throw makeError(problem, "EINVAL");
  }

  #later(call: Promise<unknown>): void {
    call.catch((error: ZmqError) => {
      if (this.#failPending) this.#failPending(error);
      else this.#deferred ??= error;
    });
  }

  #usable(): void {
    if (this.#closed) throw makeError("Socket is closed", "EBADF");
    const deferred = this.#deferred;
    if (deferred) {
      this.#deferred = undefined;
      throw deferred;
    }
  }
}

export interface Socket extends SocketOptionProperties<number> {}

defineOptionProperties(Socket.prototype as never);

const both = { send: true, receive: true };
const sendOnly = { send: true, receive: false };
const receiveOnly = { send: false, receive: true };
const allow = (cls: { prototype: object }, can: typeof both) => allowMessaging(cls, Socket.prototype, can);

type Options<T extends number> = SocketOptions<T>;

export class Pair extends Socket {
  constructor(options: Options<typeof PAIR> = {}) {
    super(PAIR, options);
  }
}
export interface Pair extends Writable, Readable, SocketOptionProperties<typeof PAIR> {}
allow(Pair, both);

export class Publisher extends Socket {
  constructor(options: Options<typeof PUB> = {}) {
    super(PUB, options);
  }
}
export interface Publisher extends Writable, SocketOptionProperties<typeof PUB> {}
allow(Publisher, sendOnly);

export class Subscriber extends Socket {
  constructor(options: Options<typeof SUB> = {}) {
    super(SUB, options);
  }
  subscribe(...prefixes: Array<string | Uint8Array>): void {
    this.setSubscription(true, prefixes);
  }
  unsubscribe(...prefixes: Array<string | Uint8Array>): void {
    this.setSubscription(false, prefixes);
  }
}
export interface Subscriber extends Readable, SocketOptionProperties<typeof SUB> {}
allow(Subscriber, receiveOnly);

export class Request extends Socket {
  constructor(options: Options<typeof REQ> = {}) {
    super(REQ, options);
  }
}
export interface Request extends Writable, Readable, SocketOptionProperties<typeof REQ> {}
allow(Request, both);

export class Reply extends Socket {
  constructor(options: Options<typeof REP> = {}) {
    super(REP, options);
  }
}
export interface Reply extends Writable, Readable, SocketOptionProperties<typeof REP> {}
allow(Reply, both);

export class Dealer extends Socket {
  constructor(options: Options<typeof DEALER> = {}) {
    super(DEALER, options);
  }
}
export interface Dealer extends Writable, Readable, SocketOptionProperties<typeof DEALER> {}
allow(Dealer, both);

export class Router extends Socket {
  constructor(options: Options<typeof ROUTER> = {}) {
    super(ROUTER, options);
  }
  override connect(address: string, options: { routingId?: string | Uint8Array; gateway?: string | URL } = {}): void {
    this.connectWithRoutingId(address, options);
  }
}
export interface Router extends Writable, Readable, SocketOptionProperties<typeof ROUTER> {}
allow(Router, both);

export class Pull extends Socket {
  constructor(options: Options<typeof PULL> = {}) {
    super(PULL, options);
  }
}
export interface Pull extends Readable, SocketOptionProperties<typeof PULL> {}
allow(Pull, receiveOnly);

export class Push extends Socket {
  constructor(options: Options<typeof PUSH> = {}) {
    super(PUSH, options);
  }
}
export interface Push extends Writable, SocketOptionProperties<typeof PUSH> {}
allow(Push, sendOnly);

export class XPublisher extends Socket {
  constructor(options: Options<typeof XPUB> = {}) {
    super(XPUB, options);
  }
}
export interface XPublisher extends Writable, Readable, SocketOptionProperties<typeof XPUB> {}
allow(XPublisher, both);

export class XSubscriber extends Socket {
  constructor(options: Options<typeof XSUB> = {}) {
    super(XSUB, options);
  }
}
export interface XSubscriber extends Writable, Readable, SocketOptionProperties<typeof XSUB> {}
allow(XSubscriber, both);

let nextProxyId = 1;

/** libzmq's proxy between two sockets, run in the worker (as in Node):
 * `await proxy.run()` forwards both ways until terminate(). */
export class Proxy<F extends Socket = Socket, B extends Socket = Socket> {
  readonly frontEnd: F;
  readonly backEnd: B;
  readonly #id = nextProxyId++;
  #running = false;

  constructor(frontEnd: F, backEnd: B) {
    if (!(frontEnd instanceof Socket) || !(backEnd instanceof Socket)) {
      throw makeError("A Proxy needs two sockets: new Proxy(frontEnd, backEnd)", "EINVAL");
    }
    if ((frontEnd as Socket) === (backEnd as Socket)) throw makeError("A Proxy needs two different sockets", "EINVAL");
    this.frontEnd = frontEnd;
    this.backEnd = backEnd;
  }

  async run(): Promise<void> {
    if (this.#running) throw makeError("The proxy is already running", "EBUSY");
    this.#running = true;
    try {
      await connectHost().api.proxyRun(this.#id, idOf(this.frontEnd), idOf(this.backEnd));
    } finally {
      this.#running = false;
    }
  }

  pause(): void {
    this.#command("pause");
  }

  resume(): void {
    this.#command("resume");
  }

  terminate(): void {
    this.#command("terminate");
  }

  #command(command: "pause" | "resume" | "terminate"): void {
    if (!this.#running) throw makeError("The proxy is not running", "EBADF");
    void connectHost().api.proxyCommand(this.#id, command);
  }
}

export type { Frame, MessageLike, Readable, Writable, ZmqError };
