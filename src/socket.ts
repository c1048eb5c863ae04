/**
 * The one Socket class, for every host: endpoints, options, send/receive
 * and async iteration, with zeromq.js v6's argument checks, states and
 * errors. Socket types (sockets.ts) only choose which of these a class
 * exposes. What runs libzmq is a SocketBackend from the installed host
 * (backend/types.ts): wasm in this thread, or a page's Worker.
 */
import { POLLIN, POLLOUT, type ConnectRequest, type MonitorBackend, type SocketBackend } from "./backend/types.js";
import { Context, contextBackend, context as defaultContext } from "./context.js";
import { checkAddress, checkEndpoint, gatewayBase, tcpTarget, type EndpointVerb } from "./endpoint.js";
import { busyError, checkArity, closedError, closedOptionError, timedOut, typeError, zmqError } from "./errors.js";
import { toBytes, type Frame, type MessageLike } from "./frames.js";
import { currentHost } from "./host.js";
import { track, untrack, type NamedEndpoint, type SocketInspection } from "./inspect/registry.js";
import { Traffic } from "./inspect/traffic.js";
import { notASocket, Observer, type Event } from "./observer.js";
import {
  checkOption,
  checkValue,
  DEFAULT_MAX_MESSAGE_SIZE,
  defineOptionProperties,
  describe,
  readableOption,
  socketOptions,
  type OptionSpec,
  type SocketOptionName,
  type SocketOptionProperties,
} from "./options.js";
import { nextTurn } from "./runtime/macrotask.js";
import { warnUnlessLive } from "./warnings.js";


/** Sends and receives in a row that may complete at once before one waits
 * for the event loop's next turn: zeromq.js's bound, so that a loop over
 * operations that never wait cannot starve timers and I/O. */
const IMMEDIATE_RUN = 512;

export interface ConnectOptions {
  /** ws:// or wss:// gateway for this endpoint (see configure()). */
  gateway?: string | URL;
}

/** Sockets dropped without close() are closed when collected (where the
 * runtime has FinalizationRegistry: workerd before compatibility date
 * 2025-05-05 has none, and there a dropped socket lives until its realm). */
const finalizer =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<SocketBackend>((backend) => backend.close())
    : { register() {}, unregister() {} };

/** Prototypes of socket classes that have their type's options defined. */
const typed = new WeakSet<object>();

export class Socket {
  readonly #context: Context;
  readonly #backend: SocketBackend;
  readonly #type: number;
  readonly #inbox: Frame[][] = [];
  #closed = false;
  #receiving = false;
  #sending = false;
  /** Sends handed on after the ones before them (#sendInLine). */
  #sendsQueued = 0;
  #sendsBefore: Promise<unknown> = Promise.resolve();
  #observer: Observer | undefined;
  /** The owner has read socket.events (an inspector's tap may start the
   * Observer before, or without, that). */
  #observed = false;
  /** For the inspector (inspect/registry.ts): counts, and endpoints as named. */
  readonly #traffic = new Traffic();
  readonly #named = new Map<string, NamedEndpoint["verb"]>();
  /** While a bind/unbind runs or a proxy owns the socket: why, and until when. */
  #blocked: { by: string; until: Promise<void>; stop?: () => void } | undefined;
  /** Binds and connects less unbinds and disconnects, counted as zeromq.js
   * counts them (a bind counts once it settles, even if it failed). */
  #endpoints = 0;
  /** Sends and receives that completed at once since the last that waited. */
  #immediate = 0;

  constructor(type: number, options?: { context?: Context } & Record<string, unknown>) {
    // zeromq.js's checks, texts and order.
    if (typeof type !== "number") throw typeError("Socket type must be a number");
    if (options !== undefined && (typeof options !== "object" || options === null)) throw typeError("Options must be an object");
    checkArity(arguments, 2);
    const context = options && "context" in options ? options.context : defaultContext;
    if (!(context instanceof Context)) throw zmqError("EINVAL", { hint: `the context option must be a Context, got ${describe(context)}` });
    const initial: Array<[string, OptionSpec, unknown]> =
      options && "maxMessageSize" in options ? [] : [["maxMessageSize", socketOptions.maxMessageSize, DEFAULT_MAX_MESSAGE_SIZE]];
    this.#context = context;
    this.#type = type;
    this.#backend = currentHost().createSocket(type, contextBackend(context), initial);
    finalizer.register(this, this.#backend, this);
    defineTypeOptions(this, type);
    track(this);
    // As zeromq.js: sealed, so a misspelt or foreign option throws (in
    // strict code) instead of being a new property; the constructor's
    // options are then assigned as properties, so an unknown or read-only
    // one throws a TypeError. (So a socket class keeps its state in
    // #private fields: a public field could not be added after this.)
    Object.seal(this);
    if (options) {
      const { context: _context, ...rest } = options;
      try {
        Object.assign(this, rest);
      } catch (error) {
        this.close();
        throw error;
      }
    }
  }

  /** The context this socket belongs to. */
  get context(): Context {
    return this.#context;
  }

  get closed(): boolean {
    return this.#closed || this.#backend.failed === true;
  }

  /** This socket's events (the same Observer each time), from libzmq's
   * monitor, which starts on first access. */
  get events(): Observer {
    if (this.#closed) throw notASocket();
    if (!this.#observed) {
      this.#observed = true;
      this.#observer?.dropBacklog();
    }
    return (this.#observer ??= new Observer(this));
  }

  /** @internal The inspector's view of this socket (inspect/registry.ts). */
  inspect(): SocketInspection {
    return {
      type: this.constructor.name,
      endpoints: [...this.#named].map(([address, verb]) => ({ verb, address })),
      traffic: this.#traffic,
      inbox: this.#inbox.length,
      readable: this.readable,
      sendsWaiting: this.#sendsQueued + (this.#sending ? 1 : 0),
      closed: this.closed,
    };
  }

  /** @internal Every event to `tap` without taking any from socket.events. */
  tapEvents(tap: (event: Event) => void): () => void {
    if (this.#closed) return () => {};
    const observer = (this.#observer ??= new Observer(this));
    const untap = observer.tap(tap);
    return () => {
      // A monitor only taps wanted ends with them.
      if (untap() && !this.#observed && this.#observer === observer) {
        this.#observer = undefined;
        observer.close();
      }
    };
  }

  /** @internal Starts libzmq's monitor on this socket, for an Observer. */
  monitor(): MonitorBackend {
    if (this.#closed) throw notASocket();
    return this.#backend.monitor();
  }

  /** True if a message is waiting to be received. */
  get readable(): boolean {
    return !this.closed && !this.#blocked && (this.#inbox.length > 0 || (this.#backend.events() & POLLIN) !== 0);
  }

  /** True if a message can be sent now without waiting. */
  get writable(): boolean {
    return !this.closed && !this.#blocked && (this.#backend.events() & POLLOUT) !== 0;
  }

  // --- endpoints --------------------------------------------------------

  bind(address: string): Promise<void> {
    checkAddress(address, arguments);
    return this.#endpointCall("bind", address, (backend) => backend.bind(address), 1);
  }

  unbind(address: string): Promise<void> {
    checkAddress(address, arguments);
    return this.#endpointCall("unbind", address, (backend) => backend.unbind(address), -1);
  }

  /** bind(), done before returning; throws its failure. Where this host
   * cannot answer at once (a page, a worker thread's remote libzmq,
   * zeromq-wasm/threads on tcp://), throws ENOTSUP naming bind(). */
  bindSync(address: string): void {
    checkAddress(address, arguments);
    this.#endpointSync("bind", address, (backend) => backend.bindSync(address), 1);
  }

  unbindSync(address: string): void {
    checkAddress(address, arguments);
    this.#endpointSync("unbind", address, (backend) => backend.unbindSync(address), -1);
  }

  /** Connects; libzmq reconnects by itself. `gateway`: reach this tcp://
   * endpoint through that WebSocket gateway, whatever configure() says. */
  connect(address: string, options: ConnectOptions = {}): void {
    checkAddress(address, arguments, 2);
    this.#connect(address, options.gateway, undefined);
  }

  disconnect(address: string): void {
    checkAddress(address, arguments);
    this.#assertUsable();
    checkEndpoint("disconnect", address);
    this.#backend.disconnect(address);
    this.#endpoints--;
    this.#named.delete(address);
  }

  /** Closes the socket; pending send/receive calls reject with EAGAIN.
   * Queued outgoing messages are still delivered per the linger option. */
  close(): void {
    checkArity(arguments, 0);
    if (this.#closed) return;
    const blocked = this.#blocked;
    if (blocked) {
      blocked.stop?.();
      void blocked.until.then(() => this.close());
      return;
    }
    this.#closed = true;
    this.#endpoints = 0;
    finalizer.unregister(this);
    untrack(this);
    this.#inbox.length = 0;
    this.#backend.close();
  }

  #endpointCall(verb: EndpointVerb, address: string, call: (backend: SocketBackend) => void | Promise<void>, count: 1 | -1): Promise<void> {
    // A closed or busy socket throws at once, as in zeromq.js; the rest
    // settles later.
    this.#assertUsable();
    let pending: void | Promise<void>;
    try {
      checkEndpoint(verb, address);
      pending = call(this.#backend);
    } catch (error) {
      pending = Promise.reject(error);
    }
    // Busy until it settles on every transport, as in zeromq.js (whose
    // binds all run on a thread), though inproc's is done at once here.
    const settled = Promise.resolve(pending);
    // Named for the inspector once it worked, on a branch of its own.
    settled.then(() => this.#name(address, count), () => {});
    return this.#blockUntil("a bind or unbind operation", settled).finally(() => {
      this.#endpoints += count;
    });
  }

  #endpointSync(verb: EndpointVerb, address: string, call: (backend: SocketBackend) => void, count: 1 | -1): void {
    this.#assertUsable();
    try {
      checkEndpoint(verb, address);
      call(this.#backend);
      this.#name(address, count);
    } finally {
      // Counted even when it fails, as zeromq.js counts it.
      this.#endpoints += count;
    }
  }

  #name(address: string, count: 1 | -1): void {
    if (count > 0) this.#named.set(address, "bind");
    else this.#named.delete(address);
  }

  /** @internal Bound or connected somewhere (a Proxy needs it of both). */
  get hasEndpoints(): boolean {
    return !this.#closed && this.#endpoints > 0;
  }

  /** Refuses API calls (EBUSY) until `pending` settles; passes on its outcome. */
  async #blockUntil(by: string, pending: Promise<void>, stop?: () => void): Promise<void> {
    const until = pending.then(
      () => undefined,
      () => undefined,
    );
    this.#blocked = { by, until, stop };
    try {
      await pending;
    } finally {
      this.#blocked = undefined;
    }
  }

  /**
   * @internal Lends the socket to a libzmq thread (a proxy) until
   * release(): calls are refused meanwhile (in zeromq.js's words), and
   * close() first asks the borrower to `stop`.
   */
  lend(stop: () => void): { backend: SocketBackend; release: () => void } {
    this.#assertUsable();
    let settle!: () => void;
    const until = new Promise<void>((resolve) => (settle = resolve));
    const blocked = { by: "a bind or unbind operation", until, stop };
    this.#blocked = blocked;
    this.#backend.lend(until);
    const release = () => {
      if (this.#blocked === blocked) this.#blocked = undefined;
      settle();
    };
    return { backend: this.#backend, release };
  }

  #connect(address: string, gateway: string | URL | undefined, routingId: unknown): void {
    checkAddress(address);
    this.#assertUsable();
    checkEndpoint("connect", address);
    const request: ConnectRequest = {};
    if (gateway !== undefined) {
      if (!tcpTarget(address)) throw zmqError("EINVAL", { operation: "connect", address, hint: "a gateway applies to tcp://host:port endpoints" });
      request.gateway = gatewayBase(gateway);
    }
    if (routingId !== undefined) {
      checkValue("string", routingId);
      request.routingId = toBytes(routingId);
    }
    this.#backend.connect(address, request);
    this.#endpoints++;
    this.#named.set(address, "connect");
  }

  protected connectWithRoutingId(address: string, options: ConnectOptions & { routingId?: string | Uint8Array }): void {
    this.#connect(address, options.gateway, options.routingId);
  }

  // --- messages -----------------------------------------------------------

  /** Queues a message (an array is one multipart message). Resolves when
   * libzmq has taken it; waits while the socket is at its high-water mark,
   * up to sendTimeout. */
  protected sendMessage(message: MessageLike | MessageLike[]): Promise<void> {
    if (message === undefined) throw typeError("Message must be present");
    checkArity(arguments, 1);
    this.#assertUsable();
    const inLine = this.#sending || this.#sendsQueued > 0;
    if (inLine && !this.#backend.sendsInLine) throw busyError(false);
    const frames = (Array.isArray(message) ? message : [message]).map((frame) => toBytes(frame));
    if (frames.length === 0) throw zmqError("EINVAL", { operation: "send", hint: "a multipart message needs at least one frame" });
    if (inLine) return this.#sendInLine(frames);
    if (this.#immediate < IMMEDIATE_RUN) return this.#send(frames);
    this.#sending = true;
    const sent = this.#afterYield(
      "send",
      () => (this.#sending = false),
      () => this.#send(frames),
    );
    this.#sendsBefore = sent.catch(() => undefined);
    return sent;
  }

  /** A send made while another is pending, for a backend whose host keeps
   * sends in line (SocketBackend.sendsInLine): it goes after every send
   * made before it, and the host says whether it is busy. */
  #sendInLine(frames: Uint8Array[]): Promise<void> {
    this.#sendsQueued++;
    const sent = this.#sendsBefore.then(() => {
      this.#sendsQueued--;
      if (this.#closed) throw timedOut("send", "the socket was closed");
      return this.#send(frames);
    });
    this.#sendsBefore = sent.catch(() => undefined);
    return sent;
  }

  #send(frames: Uint8Array[]): Promise<void> {
    let pending: void | Promise<void>;
    try {
      pending = this.#backend.send(frames);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!pending) {
      this.#immediate++;
      this.#traffic.sent(frames);
      return Promise.resolve();
    }
    this.#sending = true;
    const sent = pending.finally(() => {
      this.#sending = false;
      this.#immediate = 0;
    });
    // Counted once libzmq took it, on a branch of its own: the caller's
    // promise settles as before.
    pending.then(() => this.#traffic.sent(frames), () => {});
    return sent;
  }

  /** `operation` once the event loop has had a turn (see IMMEDIATE_RUN);
   * the socket is busy meanwhile, until `unbusy`. */
  async #afterYield<T>(kind: "send" | "receive", unbusy: () => void, operation: () => Promise<T>): Promise<T> {
    await nextTurn();
    this.#immediate = 0;
    unbusy();
    if (this.#closed) throw timedOut(kind, "the socket was closed");
    return operation();
  }

  /** The next message, as its frames. Waits up to receiveTimeout. */
  protected receiveMessage(): Promise<Frame[]> {
    checkArity(arguments, 0);
    this.#assertUsable();
    if (this.#receiving) throw busyError(true);
    if (this.#immediate < IMMEDIATE_RUN) return this.#receive();
    this.#receiving = true;
    return this.#afterYield(
      "receive",
      () => (this.#receiving = false),
      () => this.#receive(),
    );
  }

  #receive(): Promise<Frame[]> {
    if (this.#inbox.length === 0) {
      try {
        this.#backend.take(this.#inbox);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const next = this.#inbox.shift();
    if (!next) return this.#receiveLater();
    this.#immediate++;
    this.#traffic.received(next);
    return Promise.resolve(next);
  }

  async #receiveLater(): Promise<Frame[]> {
    this.#receiving = true;
    try {
      for (;;) {
        await this.#backend.wait(this.#inbox);
        const next = this.#inbox.shift();
        if (next) {
          this.#traffic.received(next);
          return next;
        }
      }
    } finally {
      this.#receiving = false;
      this.#immediate = 0;
    }
  }

  /** Messages until the socket closes (readable sockets' async iterator). */
  protected async *messages(): AsyncGenerator<Frame[], undefined, undefined> {
    while (!this.#closed) {
      try {
        yield await this.receiveMessage();
      } catch (error) {
        // Closing the socket ends the iteration.
        const code = (error as { code?: string }).code;
        if (this.#closed && (code === "EAGAIN" || code === "EBADF")) return undefined;
        throw error;
      }
    }
    return undefined;
  }

  // --- options ----------------------------------------------------------------

  /** Sets a socket option by its property name (see options.ts). */
  protected setOption(name: string, value: unknown): void {
    const spec = checkOption(this.#type, name, value);
    if (this.#closed) throw closedOptionError(name);
    this.#assertUsable();
    warnUnlessLive(spec.id, this.#endpoints > 0);
    this.#backend.setOption(name, spec, value);
  }

  /** An option's value as this side knows it: in this thread, libzmq's;
   * on a page, the last value set or learned from the worker. */
  protected getOption(name: string): unknown {
    const spec = readableOption(name);
    if (!spec) return undefined;
    if (this.#closed) throw closedOptionError(name);
    return this.#backend.getOption(name, spec);
  }

  /** An option's value as libzmq has it now (on a page: asks the worker). */
  async readOption(name: SocketOptionName): Promise<unknown> {
    const spec = readableOption(name);
    if (!spec) return undefined;
    this.#assertUsable();
    return this.#backend.readOption(name, spec);
  }

  protected setSubscription(subscribe: boolean, prefixes: Array<string | Uint8Array>): void {
    const list = prefixes.length === 0 ? [null] : prefixes;
    for (const prefix of list) checkValue("string", prefix);
    if (this.#closed) throw closedOptionError(subscribe ? "subscribe" : "unsubscribe");
    this.#assertUsable();
    for (const prefix of list) this.#backend.subscribe(subscribe, toBytes(prefix));
  }

  #assertUsable(): void {
    if (this.#closed) throw closedError();
    this.#backend.check();
    if (this.#blocked) throw zmqError("EBUSY", {}, `Socket is blocked by ${this.#blocked.by}`);
  }
}

/** GSSAPI options, typed as zeromq.js types them. As in zeromq.js's own
 * builds (no GSSAPI: `capability.gssapi` is false there), they are no
 * properties at runtime: reading gives undefined, setting throws a
 * TypeError in strict code. */
interface GssapiOptions {
  gssapiServer: boolean;
  gssapiPrincipal: string | null;
  gssapiServicePrincipal: string | null;
  gssapiPlainText: boolean;
  gssapiPrincipalNameType: "hostBased" | "userName" | "krb5Principal";
  gssapiServicePrincipalNameType: "hostBased" | "userName" | "krb5Principal";
}

/** The options every socket type has, as typed properties. */
export interface Socket extends SocketOptionProperties<number>, GssapiOptions {}

// The options every socket has are properties of Socket.prototype.
defineOptionProperties(Socket.prototype as never);

/** Options only some socket types have are properties of their class's
 * prototype (the class just below Socket), defined when the first socket
 * of that class is made: so a class, draft or not, gets its type's options
 * from the table without naming them. */
function defineTypeOptions(socket: Socket, type: number): void {
  let proto = Object.getPrototypeOf(socket) as object;
  while (proto !== Socket.prototype && Object.getPrototypeOf(proto) !== Socket.prototype) proto = Object.getPrototypeOf(proto) as object;
  if (proto === Socket.prototype || typed.has(proto)) return;
  typed.add(proto);
  defineOptionProperties(proto as never, type);
}
