/**
 * The worker-proxied host, for a web page: libzmq and all its threads run
 * in a dedicated Web Worker (browser/worker.ts), and each backend here
 * forwards its calls there over comlink, by id. The page's main thread
 * never runs wasm.
 *
 * What must become async does. Calls that return at once (connect,
 * subscribe, option setters) cannot know libzmq's answer yet: a failure
 * surfaces on the socket's next call, or ends a receive already waiting.
 * Option getters return the last value set or learned from the worker;
 * readable/writable use the ZMQ_EVENTS the worker sent with its last answer.
 */
import { transfer, wrap, type Endpoint, type Remote } from "comlink";
import { noGatewayError, noSyncError, noUdpError, tcpTarget } from "../endpoint.js";
import { makeError, type ZmqError } from "../errors.js";
import { pack, TextFrame, unpack, type Batch, type Frame } from "../frames.js";
import { contextOptions, DEALER, PAIR, PUB, PUSH, readBack, REP, REQ, XPUB, XSUB, type ContextOptionName, type OptionSpec } from "../options.js";
import { hostLostError, ReplayLog } from "./replay.js";
import { errorFromWire, transferErrorCodes, type HostConfig, type HostInspection, type PostedReceive, type PostedSend, type PostedSendFailed, type Received, type WorkerApi } from "./protocol.js";
import { readShared, writeShared } from "./shared-context.js";
import {
  POLLOUT,
  type ConnectRequest,
  type ContextBackend,
  type Host,
  type HostConfiguration,
  type MonitorBackend,
  type MonitorEvent,
  type ProxyBackend,
  type ProxyCommand,
  type SocketBackend,
} from "./types.js";

/** Messages fetched from the worker per round trip, at most. Bounded, so a
 * slow page leaves the rest in libzmq, where the high-water mark applies. */
const BATCH_MESSAGES = 512;

let nextId = 1;

/**
 * Types whose send, once libzmq has said POLLOUT, can only still fail with
 * EAGAIN (the POLLOUT the page holds went stale: a peer left, a queue
 * filled): their sends resolve as soon as the message is posted to the
 * worker (see RemoteSocket.send). Not Router (EHOSTUNREACH when
 * mandatory), Stream, or the draft types.
 */
const POSTED_SENDS = new Set([PAIR, PUB, REQ, REP, DEALER, PUSH, XPUB, XSUB]);

/** Of those, the types whose next call after a send is a receive, whose
 * answer brings ZMQ_EVENTS: their posted sends need no answer of their own
 * (protocol.ts, PostedSend), one message less from the worker per request. */
const UNANSWERED_SENDS = new Set([REQ, REP]);

/** A receive the worker started by itself behind a REQ's request
 * (protocol.ts, PostedSend): the reply comes without a page->worker
 * message. `awaited`: a wait is on it (its failure is then the wait's). */
interface Prefetch {
  answer: Promise<Received | undefined>;
  settle(received: Received | undefined): void;
  fail(error: unknown): void;
  awaited: boolean;
  /** The worker's answer has come (see RemoteSocket.received). */
  answered: boolean;
}

/** What a RemoteHost knows of the thread it reaches. */
export interface RemotePeer {
  /** It has the network itself (Node's TCP): tcp:// needs no gateway. */
  network?: boolean;
  /** Where it publishes the default context's options (shared-context.ts). */
  sharedValues?: Int32Array;
}

export class RemoteHost implements Host {
  #worker:
    | {
        api: Remote<WorkerApi>;
        endpoint: Endpoint;
        started: Promise<{ version: string; build: "threads" | "nothreads" }>;
      }
    | undefined;
  /** Sockets by id, for the failures of their unanswered sends. */
  readonly #sockets = new Map<number, PostingSocket>();
  #config: HostConfig = {};
  /** configure({ share: true }): the host is the origin's shared one. */
  #share = false;
  /** Sharing: what to make again on a new host if this one is lost. */
  #replay: ReplayLog | undefined;

  /** newWorker: starts the Worker host script (its URL is the entry's), or
   * reaches the thread hosting libzmq (Node's worker threads). openShared:
   * a line to the host the origin's tabs share, which calls `lost` when
   * that host is gone and it has opened another (browser/shared-host.ts). */
  constructor(
    private newWorker: () => Worker,
    private readonly peer: RemotePeer = {},
    private readonly openShared?: (lost: () => void) => Endpoint,
  ) {
    transferErrorCodes();
  }

  /** The worker's API, starting the worker on first use (it runs libzmq's
   * build without threads; see browser/worker.ts). */
  api(): Remote<WorkerApi> {
    return this.#start().api;
  }

  #start() {
    if (!this.#worker) {
      const replay = this.#share ? (this.#replay = new ReplayLog()) : undefined;
      const endpoint = replay ? this.openShared!(() => this.#hostLost(replay, raw)) : (this.newWorker() as unknown as Endpoint);
      const raw = wrap<WorkerApi>(endpoint);
      const api = replay ? replay.replaying(raw) : raw;
      endpoint.addEventListener("message", (event) => {
        const data = (event as MessageEvent<Partial<PostedSendFailed & PostedReceive> | undefined>).data;
        const failed = data?.zwsPostedSendFailed;
        if (failed) this.#sockets.get(failed.id)?.sendFailed(errorFromWire(failed.error));
        const received = data?.zwsPostedReceive;
        if (received) this.#sockets.get(received.id)?.received(received.received, received.error && errorFromWire(received.error));
      });
      this.#worker = { api, endpoint, started: api.start(this.#config) };
    }
    return this.#worker;
  }

  /** The shared host is gone: replies fetched ahead fail, and the tab's
   * contexts and sockets are made again on the next host. */
  #hostLost(replay: ReplayLog, api: Remote<WorkerApi>): void {
    replay.lost();
    for (const socket of this.#sockets.values()) socket.received(undefined, hostLostError("receive"));
    void replay.restore(api, this.#config);
  }

  /** Posts a send no answer comes for unless it fails (then to
   * socket.sendFailed, until the socket is closed). */
  postSend(socket: PostingSocket, batch: Batch, receive?: number): void {
    this.#sockets.set(socket.id, socket);
    if (this.#replay && !this.#replay.posting(socket.id)) return;
    this.#start().endpoint.postMessage({ zwsPostedSend: { id: socket.id, batch, receive } } satisfies PostedSend, [batch.buffer]);
  }

  forget(id: number): void {
    this.#sockets.delete(id);
  }

  /** Resolves once the worker has loaded libzmq. */
  ready(): Promise<{ version: string; build: "threads" | "nothreads" }> {
    return this.#start().started;
  }

  /** Every socket the shared host holds for its tabs, for the inspector;
   * undefined where the host is the page's own or not started yet. */
  inspectShared(): Promise<HostInspection> | undefined {
    return this.#share && this.#worker ? this.#worker.api.inspect() : undefined;
  }

  /** Whether tcp:// connects have a gateway unless given one per endpoint. */
  get hasGateway(): boolean {
    return Boolean(this.#config.gateway);
  }

  /** Whether tcp:// connects need a gateway at all (not where the host has TCP). */
  /** Whether the host has the network itself (Node's TCP and UDP). */
  get hasNetwork(): boolean {
    return this.peer.network === true;
  }

  get needsGateway(): boolean {
    return !this.peer.network && !this.hasGateway;
  }

  /** Shared, the host's gateway is whichever tab configured last: a tab's
   * tcp:// connects name its own. */
  connectRequest(address: string, request: ConnectRequest): ConnectRequest {
    if (!this.#share || request.gateway !== undefined || !this.#config.gateway || tcpTarget(address) === undefined) return request;
    return { ...request, gateway: this.#config.gateway };
  }

  configure(config: HostConfiguration): void {
    const started = this.#worker !== undefined;
    const share = config.share === undefined ? this.#share : config.share && this.openShared !== undefined;
    if (config.worker) {
      if (started) throw makeError(`configure({ worker }) must come before the first socket${this.#share ? " and configure({ share: true })" : ""}`, "EINVAL");
      this.newWorker = config.worker;
    }
    if (share !== this.#share) {
      if (started) throw makeError("configure({ share }) must come before the first socket", "EINVAL");
      this.#share = share;
    }
    const forward: HostConfig = {};
    if (config.gateway !== undefined) forward.gateway = config.gateway;
    if (config.inbound) forward.inbound = config.inbound;
    if (forward.gateway !== undefined || forward.inbound) {
      this.#config = { ...this.#config, ...forward };
      if (started) void this.#worker!.api.configure(forward);
    }
    // Shared, the line to the host opens now, not at the first socket: by
    // then the host is reached and has the config (a second tab's first
    // message then waits only for its socket's own round trips).
    if (this.#share && !started) this.#start();
  }

  createContext(options: Array<[ContextOptionName, number]>, shared = false): RemoteContext {
    return new RemoteContext(this.api(), options, shared, shared ? this.peer.sharedValues : undefined);
  }

  createSocket(type: number, context: ContextBackend, options: Array<[string, OptionSpec, unknown]>): RemoteSocket {
    return new RemoteSocket(this, type, remote(context, RemoteContext).id, options);
  }

  createProxy(frontEnd: SocketBackend, backEnd: SocketBackend, control: ContextBackend): ProxyBackend {
    return new RemoteProxy(this.api(), remote(frontEnd, RemoteSocket).id, remote(backEnd, RemoteSocket).id, remote(control, RemoteContext).id);
  }
}

/** Where the answers to posted sends go (RemoteHost.postSend). */
interface PostingSocket {
  readonly id: number;
  sendFailed(error: unknown): void;
  received(received: Received | undefined, error: unknown): void;
}

function remote<T>(backend: object, kind: new (...args: never[]) => T): T {
  if (backend instanceof kind) return backend;
  throw makeError("This object belongs to another zeromq-wasm host", "EINVAL");
}

/** A failure of a call that already returned: kept until something can
 * report it (the next call, or a receive that is waiting). */
class Deferred {
  #error: ZmqError | undefined;
  #failWait: ((error: ZmqError) => void) | undefined;

  watch(call: Promise<unknown>): void {
    call.catch((error: ZmqError) => this.failed(error));
  }

  failed(error: ZmqError): void {
    if (this.#failWait) this.#failWait(error);
    else this.#error ??= error;
  }

  throwIfFailed(): void {
    const error = this.#error;
    if (error) {
      this.#error = undefined;
      throw error;
    }
  }

  /** While `wait` runs, a failure ends it instead of waiting for a call. */
  async during<T>(wait: () => Promise<T>): Promise<T> {
    try {
      return await new Promise<T>((resolve, reject) => {
        this.#failWait = reject;
        wait().then(resolve, reject);
      });
    } finally {
      this.#failWait = undefined;
    }
  }
}

class RemoteContext implements ContextBackend {
  readonly id = nextId++;
  readonly #values = new Map<ContextOptionName, number>();
  readonly #deferred = new Deferred();

  /** shared: the default context; sharedValues: where the host publishes
   * its options (Node's worker threads), read instead of the last set. */
  constructor(
    private readonly api: Remote<WorkerApi>,
    options: Array<[ContextOptionName, number]>,
    shared: boolean,
    private readonly sharedValues?: Int32Array,
  ) {
    for (const [name, value] of options) this.#store(name, value);
    this.#deferred.watch(api.createContext(this.id, options, shared));
  }

  #store(name: ContextOptionName, value: number): void {
    if (this.sharedValues) writeShared(this.sharedValues, name, value);
    else this.#values.set(name, value);
  }

  get(name: ContextOptionName): number {
    if (this.sharedValues) return readShared(this.sharedValues, name);
    return this.#values.get(name) ?? contextOptions[name].initial;
  }

  set(name: ContextOptionName, value: number): void {
    this.#deferred.throwIfFailed();
    this.#store(name, value);
    this.#deferred.watch(this.api.setContextOption(this.id, name, value));
  }
}

// A page's frames are BytesFrames (Frame is typed Buffer only where Node's types are).
const textFrame = (buffer: ArrayBuffer, offset: number, length: number): Frame => new TextFrame(buffer, offset, length) as Frame;

/** Why a socket whose libzmq is another thread's cannot bind synchronously. */
const REMOTE_SYNC = "this socket's libzmq runs in another thread (a page's Worker, or a Node worker thread's host), which can only answer asynchronously";

class RemoteSocket implements SocketBackend {
  readonly id = nextId++;
  readonly #api: Remote<WorkerApi>;
  readonly #deferred = new Deferred();
  readonly #values = new Map<string, unknown>();
  #events = 0;
  /** Sends the socket still waits on (the worker's answer). */
  #sendsAwaited = 0;
  readonly sendsInLine = true;
  readonly #postedSends: boolean;
  readonly #unansweredSends: boolean;
  /** Only a page's REQ: a Node thread's host would stay open for a reply
   * no one may ask for. */
  readonly #prefetches: boolean;
  #prefetch: Prefetch | undefined;
  #closed = false;

  constructor(
    private readonly host: RemoteHost,
    type: number,
    contextId: number,
    options: Array<[string, OptionSpec, unknown]>,
  ) {
    this.#api = host.api();
    this.#postedSends = POSTED_SENDS.has(type);
    this.#unansweredSends = UNANSWERED_SENDS.has(type);
    this.#prefetches = type === REQ && !host.hasNetwork;
    this.#values.set("type", type);
    for (const [name, spec, value] of options) this.#values.set(name, readBack(spec, value));
    const created = this.#api.create(this.id, type, contextId, options.map(([name, , value]) => [name, value]));
    this.#deferred.watch(created.then((events) => void (this.#events = events)));
  }

  async bind(address: string): Promise<void> {
    this.#values.set("lastEndpoint", await this.#api.bindTo(this.id, address));
  }

  async unbind(address: string): Promise<void> {
    this.#values.set("lastEndpoint", await this.#api.unbindFrom(this.id, address));
  }

  bindSync(address: string): void {
    throw noSyncError("bind", address, REMOTE_SYNC);
  }

  unbindSync(address: string): void {
    throw noSyncError("unbind", address, REMOTE_SYNC);
  }

  connect(address: string, request: ConnectRequest): void {
    if (tcpTarget(address) !== undefined && request.gateway === undefined && this.host.needsGateway) throw noGatewayError(address);
    // A page's Worker has no UDP: said here, at once, as connect is sync
    // (a Node worker thread's host has).
    if (address.startsWith("udp://") && !this.host.hasNetwork) throw noUdpError("connect", address);
    this.#deferred.watch(this.#api.connect(this.id, address, this.host.connectRequest(address, request)));
  }

  disconnect(address: string): void {
    this.#deferred.watch(this.#api.disconnect(this.id, address));
  }

  /**
   * Where libzmq's last answer said POLLOUT and the type can only fail with
   * EAGAIN, the send is done once posted, as a native send that libzmq
   * takes at once: the page does not wait a round trip for the worker's
   * answer (a request's reply is asked for right behind it). POLLOUT is
   * then unknown until that answer; the next send waits for it. A failure
   * (the worker's send waited and timed out) surfaces on the socket's next
   * call, or ends a receive already waiting.
   */
  send(frames: Uint8Array[]): Promise<void> | undefined {
    const batch = pack([frames]);
    if (this.#unansweredSends && this.#events & POLLOUT) {
      this.#events &= ~POLLOUT;
      const prefetch = this.#prefetches && !this.#prefetch;
      if (prefetch) {
        let settle!: Prefetch["settle"];
        let fail!: Prefetch["fail"];
        const answer = new Promise<Received | undefined>((resolve, reject) => ((settle = resolve), (fail = reject)));
        this.#prefetch = { answer, settle, fail, awaited: false, answered: false };
      }
      this.host.postSend(this, batch, prefetch ? BATCH_MESSAGES : undefined);
      return undefined;
    }
    if (!this.#postedSends || (this.#events & POLLOUT) === 0) {
      const busyIfWaiting = this.#sendsAwaited > 0;
      this.#sendsAwaited++;
      return this.#api
        .send(this.id, transfer(batch, [batch.buffer]), busyIfWaiting)
        .then((events) => void (this.#events = events))
        .finally(() => this.#sendsAwaited--);
    }
    const sent = this.#api.send(this.id, transfer(batch, [batch.buffer])).then((events) => void (this.#events = events));
    this.#events &= ~POLLOUT;
    this.#deferred.watch(sent);
    return undefined;
  }

  /** An unanswered send failed (RemoteHost.postSend). */
  sendFailed(error: unknown): void {
    // The worker did not start the prefetch: no answer comes for it.
    this.#prefetchAnswered(undefined, undefined);
    this.#deferred.failed(error as ZmqError);
  }

  /** The prefetched reply, or its failure: a wait already on it fails;
   * a later receive asks the worker afresh (a timeout starts then). */
  received(received: Received | undefined, error: unknown): void {
    if (received) this.#events = received.events;
    this.#prefetchAnswered(received, error);
  }

  /** Ends the prefetch's wait, and lets the host forget a closed socket
   * once no answer is to come. */
  #prefetchAnswered(received: Received | undefined, error: unknown): void {
    const prefetch = this.#prefetch;
    if (!prefetch || prefetch.answered) return;
    prefetch.answered = true;
    if (received || error === undefined || !prefetch.awaited) prefetch.settle(received);
    else prefetch.fail(error);
    if (this.#closed) this.host.forget(this.id);
  }

  /** The prefetched answer if there is one, else the worker's receive. */
  async #receive(): Promise<Received> {
    const prefetch = this.#prefetch;
    if (prefetch) {
      prefetch.awaited = true;
      try {
        const received = await prefetch.answer;
        if (received) return received;
      } finally {
        if (this.#prefetch === prefetch) this.#prefetch = undefined;
      }
    }
    return this.#api.receive(this.id, BATCH_MESSAGES);
  }

  /** Messages come only by wait(): one round trip brings a batch. */
  take(): void {}

  wait(inbox: Frame[][]): Promise<void> {
    return this.#deferred.during(async () => {
      const { batch, events } = await this.#receive();
      this.#events = events;
      // Into the inbox even if an earlier call's failure ended this wait.
      for (const message of unpack(batch, textFrame)) inbox.push(message);
    });
  }

  events(): number {
    return this.#events;
  }

  subscribe(subscribe: boolean, prefix: Uint8Array): void {
    this.#deferred.watch(this.#api.subscribe(this.id, subscribe, prefix));
  }

  setOption(name: string, spec: OptionSpec, value: unknown): void {
    this.#values.set(name, readBack(spec, value));
    this.#deferred.watch(this.#api.setOption(this.id, name, value));
  }

  getOption(name: string): unknown {
    return this.#values.get(name);
  }

  async readOption(name: string): Promise<unknown> {
    const value = await this.#api.getOption(this.id, name);
    this.#values.set(name, value);
    return value;
  }

  /** The worker's own backend is lent there, by the proxy. */
  lend(): void {}

  check(): void {
    this.#deferred.throwIfFailed();
  }

  close(): void {
    this.#closed = true;
    // A reply fetched ahead is still to come: the worker's close ends it, and
    // its answer (the error a receive waiting on it must get) goes there.
    if (!this.#prefetch || this.#prefetch.answered) this.host.forget(this.id);
    void this.#api.close(this.id);
  }

  monitor(): MonitorBackend {
    return new RemoteMonitor(this.#api, this.id);
  }
}

/** A monitor in the worker (wasm-monitor.ts), its events fetched one per
 * round trip: they are few. */
class RemoteMonitor implements MonitorBackend {
  readonly #id = nextId++;
  /** A failure to start is the answer to the first next(). */
  readonly #started: Promise<void>;

  constructor(
    private readonly api: Remote<WorkerApi>,
    socketId: number,
  ) {
    this.#started = api.monitor(socketId, this.#id);
    this.#started.catch(() => {});
  }

  async next(): Promise<MonitorEvent | undefined> {
    await this.#started;
    return this.api.monitorNext(this.#id);
  }

  close(): void {
    void this.api.monitorClose(this.#id);
  }
}

let nextProxyId = 1;

class RemoteProxy implements ProxyBackend {
  readonly #id = nextProxyId++;

  constructor(
    private readonly api: Remote<WorkerApi>,
    private readonly frontId: number,
    private readonly backId: number,
    private readonly contextId: number,
  ) {}

  run(): Promise<void> {
    return this.api.proxyRun(this.#id, this.frontId, this.backId, this.contextId);
  }

  command(command: ProxyCommand): void {
    // The worker refuses a command for a proxy that has just ended (EBADF):
    // moot, as the proxy is over (a socket closing races the TERMINATE that
    // proxy.ts sends then); left unhandled it was a page error.
    this.api.proxyCommand(this.#id, command).catch(() => {});
  }
}
