/**
 * A socket backend on libzmq in this thread's wasm: Node, Deno, Bun, an
 * app's own Web Worker, and the page's Worker host (which serves these by
 * id, browser/worker.ts).
 *
 * It never blocks the thread: every libzmq call is non-blocking, and
 * waiting for readiness is Atomics.waitAsync on the futex word behind the
 * socket's ZMQ_FD, which libzmq's I/O thread bumps when it signals. The
 * draft types are thread-safe sockets without a ZMQ_FD: a zmq_poller's
 * signaler stands in (zws_safe_poller).
 */
import { noGatewayError, noListenError, noSyncError, noUdpError, tcpTarget } from "../endpoint.js";
import { timedOut, type ErrorContext, type ZmqError } from "../errors.js";
import { toBytes, type Batch, type Frame } from "../frames.js";
import { DISH, integerValue, MECHANISMS, PAIR, RADIO, SERVER, socketOptions, type OptionSpec } from "../options.js";
import { ZWS_ROUTE_GROUP, ZWS_ROUTE_ID, ZWS_ROUTE_NONE, ZWS_SEND_PART as SEND_PART } from "../runtime/abi.js";
import { readMessages, readPacked } from "../runtime/batch.js";
import { holdOpen } from "../runtime/keepalive.js";
import type { Runtime } from "../runtime/load.js";
import type { Native, Ptr } from "../runtime/native.js";
import { CALL_BIND, CALL_UNBIND, callOnThread } from "../runtime/thread-call.js";
import { closedSocket, openedSocket } from "./exit-wait.js";
import { POLLIN, POLLOUT, type ConnectRequest, type SocketBackend } from "./types.js";
import type { WasmContext } from "./wasm-context.js";
import { WasmMonitor } from "./wasm-monitor.js";

const ZMQ_SUBSCRIBE = 6;
const ZMQ_UNSUBSCRIBE = 7;
const ZMQ_FD = 14;
const ZMQ_LINGER = 17;
const ZMQ_BLOCKY = 70;
const ZMQ_EVENTS = 15;
const ZMQ_RCVTIMEO = 27;
const ZMQ_SNDTIMEO = 28;
const ZMQ_CONNECT_ROUTING_ID = 61;
const ZMQ_THREAD_SAFE = 81;
const ZMQ_DONTWAIT = 1;

/** How many messages / bytes one receive pulls out of libzmq at most. */
const BATCH_MESSAGES = 256;
const BATCH_BYTES = 1 << 20;

/** What travels with a message besides its frames, as one more frame
 * (enum zws_route, wasm/abi.json): a Server's routing id, a group. */
function routeOf(type: number): number {
  if (type === SERVER) return ZWS_ROUTE_ID;
  return type === RADIO || type === DISH ? ZWS_ROUTE_GROUP : ZWS_ROUTE_NONE;
}

/** Why a threaded build cannot bind tcp:// synchronously. */
const THREADED_BIND =
  "zeromq-wasm/threads binds tcp:// on a libzmq thread that waits for this thread's event loop to listen, " +
  "so waiting for it here would deadlock";

/** Where a tcp:// bind listens: libzmq's wildcard and localhost as the
 * IP addresses Node listens on, port "*" as 0 (any). */
function listenTarget(address: string): { host: string; port: number } {
  const [, host, port] = /^tcp:\/\/(.+):([^:]+)$/.exec(address)!;
  const listenHost = host === "*" ? "0.0.0.0" : host === "localhost" ? "127.0.0.1" : host.replace(/^\[(.*)\]$/, "$1");
  return { host: listenHost, port: port === "*" ? 0 : Number(port) };
}

/** What the socket needs of its host. */
export interface WasmSocketHost {
  readonly runtime: Runtime;
}

export class WasmSocket implements SocketBackend {
  /** The zmq socket pointer in wasm memory (0 once closed). */
  handle: Ptr;
  #closed = false;
  /** While a libzmq thread owns the socket (bind, proxy): wait for it. */
  #held: Promise<unknown> | undefined;
  /** Index (in Int32 units) of the futex word behind ZMQ_FD (0: none yet). */
  #seqIndex = 0;
  /** The fd whose wait word signals readiness (0: none yet): ZMQ_FD, which
   * libzmq frees when its reaper destroys the socket, or a thread-safe
   * socket's poller's. */
  #fd = 0;
  /** A thread-safe socket's zmq_poller (0: none), whose fd stands for ZMQ_FD. */
  #poller: Ptr = 0;
  readonly #route: number;
  /** Dish: subscribe() joins and leaves groups. */
  readonly #joins: boolean;
  /** inproc endpoints connected to: at exit, a peer that never bound them
   * must not hold the socket (see #closeInprocPending). */
  readonly #inproc = new Set<string>();
  /** That word's value when this socket's commands were last processed. */
  #commandsSeen = -1;
  /** The monitor started last (libzmq keeps one per socket). */
  #monitor: WasmMonitor | undefined;
  /** Stops listening for libzmq's abort (see abort-guard.ts). */
  #unlistenAbort: () => void = () => {};

  constructor(
    private readonly host: WasmSocketHost,
    type: number,
    private readonly context: WasmContext,
    options: Array<[string, OptionSpec, unknown]>,
    /** A socket of ours (a monitor's reader): closing it is its owner's
     * job, never the exit wait's, which would close it before the socket
     * it reads from and leave libzmq's monitor with no reader. */
    internal = false,
  ) {
    const { native } = host.runtime;
    const handle = native.wasm._zmq_socket(context.handle, type);
    if (!handle) throw native.lastErrorFor({ operation: "create socket" });
    this.handle = handle;
    context.socketOpened();
    this.#route = routeOf(type);
    this.#joins = type === DISH;
    try {
      this.#fd = this.#readinessFd();
      this.#seqIndex = native.wasm._zws_fd_seq_addr(this.#fd) >> 2;
      // A pending send or receive wakes to find libzmq aborted (ENOMEM).
      this.#unlistenAbort = native.guard.onAbort(() => this.host.runtime.scheduler.wake(this.#seqIndex));
      if (!internal) openedSocket(this.#fd, this);
      for (const [name, spec, value] of options) this.setOption(name, spec, value);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  // --- endpoints --------------------------------------------------------

  bind(address: string): void | Promise<void> {
    const what = { operation: "bind", address };
    if (address.startsWith("tcp://") && !this.host.runtime.shim.canListen) throw noListenError(address);
    if (address.startsWith("udp://") && !this.host.runtime.shim.canUdp) throw noUdpError("bind", address);
    if (address.startsWith("tcp://") && this.host.runtime.build === "nothreads") return this.#bindListenFirst(what, address);
    return this.#endpoint(CALL_BIND, what, address);
  }

  unbind(address: string): void | Promise<void> {
    return this.#endpoint(CALL_UNBIND, { operation: "unbind", address }, address);
  }

  #endpoint(op: number, what: ErrorContext, address: string): void | Promise<void> {
    const { native, build } = this.host.runtime;
    if (address.startsWith("tcp://") && build === "threads") return this.#endpointOnThread(op, what, address);
    if (address.startsWith("tcp://") && op === CALL_UNBIND) return this.#unbindThenPortFree(what, address);
    // Only tcp needs the host thread to answer (it listens); the rest is
    // immediate.
    const call = op === CALL_BIND ? native.wasm._zmq_bind : native.wasm._zmq_unbind;
    if (call(this.handle, native.cString(address)) !== 0) throw native.lastErrorFor(what);
  }

  /** A tcp bind waits for this thread's host loop to listen: it runs on a
   * helper thread while this one goes on. */
  async #endpointOnThread(op: number, what: ErrorContext, address: string): Promise<void> {
    const { native, shim } = this.host.runtime;
    let finish!: () => void;
    this.#held = new Promise<void>((resolve) => (finish = resolve));
    const endpoint = native.ownedCString(address);
    try {
      await callOnThread(this.host.runtime, op, this.handle, endpoint, what);
      // libzmq closes the listener on its I/O thread after zmq_unbind
      // returns: resolve once the port can be bound again.
      const port = /:(\d+)$/.exec(address)?.[1];
      if (op === CALL_UNBIND && port) await shim.whenPortFree(Number(port));
    } finally {
      native.wasm._free(endpoint);
      this.#held = undefined;
      finish();
    }
  }

  /** Without threads nothing can wait inside zmq_bind for the host to
   * listen: the host listens first (the port, or the error, is known then),
   * and zmq_bind takes that listener over, bound to the port it got. */
  async #bindListenFirst(what: ErrorContext, address: string): Promise<void> {
    const { host, port } = listenTarget(address);
    let bound: number;
    try {
      bound = await this.host.runtime.shim.listenFirst(host, port);
    } catch (error) {
      throw this.#listenFailed(what, address, error);
    }
    this.#adoptListener(what, address, bound);
  }

  bindSync(address: string): void {
    const what = { operation: "bind", address };
    if (!address.startsWith("tcp://")) return void this.#endpoint(CALL_BIND, what, address);
    if (!this.host.runtime.shim.canListen) throw noListenError(address);
    if (this.host.runtime.build === "threads") throw noSyncError("bind", address, THREADED_BIND);
    const { host, port } = listenTarget(address);
    let bound: number;
    try {
      bound = this.host.runtime.shim.listenFirstSync(host, port);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "ENOTSUP" || code === "EINVAL") throw noSyncError("bind", address, (error as Error).message);
      throw this.#listenFailed(what, address, error);
    }
    this.#adoptListener(what, address, bound);
  }

  unbindSync(address: string): void {
    const what = { operation: "unbind", address };
    // tcp: libzmq closes the listener once the host loop runs (as
    // libzmq's I/O thread does after a native unbind).
    if (!address.startsWith("tcp://") || this.host.runtime.build === "nothreads") {
      const { native } = this.host.runtime;
      if (native.wasm._zmq_unbind(this.handle, native.cString(address)) !== 0) throw native.lastErrorFor(what);
      return;
    }
    throw noSyncError("unbind", address, THREADED_BIND);
  }

  /** The error a failed listen is, as libzmq's listener reports it: it
   * closes the (unnamed) socket, then the bind fails. */
  #listenFailed(what: ErrorContext, address: string, error: unknown): ZmqError {
    const { native } = this.host.runtime;
    const errno = native.errno((error as { code: string }).code) || native.errno("EADDRINUSE");
    this.#monitor?.report({ type: "close" });
    this.#monitor?.report({ type: "bind:error", address: address.slice("tcp://".length), error: this.#monitor.errnoError(errno) });
    return native.error(errno, what);
  }

  /** zmq_bind, taking over the listener the host opened on port `bound`. */
  #adoptListener(what: ErrorContext, address: string, bound: number): void {
    const { native, shim } = this.host.runtime;
    if (this.#closed) return shim.dropListenedFirst(bound);
    const host = /^tcp:\/\/(.+):[^:]+$/.exec(address)![1];
    if (native.wasm._zmq_bind(this.handle, native.cString(`tcp://${host}:${bound}`)) !== 0) {
      shim.dropListenedFirst(bound);
      throw native.lastErrorFor(what);
    }
  }

  /** libzmq closes the listener as the unbind returns (no thread to wait
   * for): resolve once the port can be bound again. */
  async #unbindThenPortFree(what: ErrorContext, address: string): Promise<void> {
    const { native, shim } = this.host.runtime;
    if (native.wasm._zmq_unbind(this.handle, native.cString(address)) !== 0) throw native.lastErrorFor(what);
    const port = /:(\d+)$/.exec(address)?.[1];
    if (port) await shim.whenPortFree(Number(port));
  }

  connect(address: string, request: ConnectRequest): void {
    const { native, shim } = this.host.runtime;
    const target = tcpTarget(address);
    if (target !== undefined && !shim.route(target, request.gateway)) throw noGatewayError(address);
    if (address.startsWith("udp://") && !shim.canUdp) throw noUdpError("connect", address);
    if (request.routingId) this.#setBytes(ZMQ_CONNECT_ROUTING_ID, request.routingId, { operation: "connect", address });
    if (native.wasm._zmq_connect(this.handle, native.cString(address)) !== 0) {
      throw native.lastErrorFor({ operation: "connect", address });
    }
    if (address.startsWith("inproc://")) this.#inproc.add(address);
  }

  disconnect(address: string): void {
    const { native } = this.host.runtime;
    if (native.wasm._zmq_disconnect(this.handle, native.cString(address)) !== 0) {
      throw native.lastErrorFor({ operation: "disconnect", address });
    }
  }

  /** True once libzmq has aborted: the socket is gone with it. */
  get failed(): boolean {
    return this.host.runtime.native.guard.aborted;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unlistenAbort();
    const { native } = this.host.runtime;
    if (native.guard.aborted) {
      // Nothing of libzmq may run any more: only forget the socket.
      this.handle = 0;
      if (this.#fd) closedSocket(this.#fd, undefined);
      this.context.socketClosed();
      return;
    }
    // Wake a pending send/receive: it sees the socket closed.
    if (this.#seqIndex) this.host.runtime.scheduler.wake(this.#seqIndex);
    const lingers = this.#getInt(ZMQ_LINGER) !== 0;
    // A thread-safe socket's fd is its poller's, gone with the poller: the
    // exit wait cannot see libzmq's reaper finish it, so it does not wait.
    const tracked = lingers && !this.#poller;
    // The poller first: destroying it takes its signaler off the socket.
    if (this.#poller) {
      const cell = native.ensureScratch(4);
      native.u32[cell >> 2] = this.#poller;
      native.wasm._zmq_poller_destroy(cell);
      this.#poller = 0;
    }
    native.wasm._zmq_close(this.handle);
    this.handle = 0;
    const fd = this.#fd;
    const held = () => !native.guard.aborted && native.wasm._zws_fd_seq_addr(fd) !== 0;
    const blocky = native.wasm._zmq_ctx_get(this.context.handle, ZMQ_BLOCKY) !== 0;
    const inproc = [...this.#inproc];
    if (fd) closedSocket(fd, tracked ? { held, blocky, letGo: () => this.#closeInprocPending(inproc) } : undefined);
    // Last: the context may terminate now (wasm-context.ts).
    this.context.socketClosed();
  }

  /**
   * What zmq_ctx_term does before it waits: a connection to an inproc
   * endpoint nobody bound would hold the socket forever, so a socket is
   * bound there and closed at once, which ends it (queued messages are
   * dropped). At exit only: zeromq.js terminates its contexts then.
   */
  #closeInprocPending(endpoints: string[]): void {
    const { native } = this.host.runtime;
    // A context being terminated has done this itself (and may be gone).
    if (native.guard.aborted || this.context.terminating) return;
    for (const endpoint of endpoints) {
      const stand = native.wasm._zmq_socket(this.context.handle, PAIR);
      if (!stand) return;
      native.wasm._zmq_bind(stand, native.cString(endpoint)); // bound already: nothing pending there
      const zero = native.ensureScratch(4);
      native.i32[zero >> 2] = 0;
      native.wasm._zmq_setsockopt(stand, ZMQ_LINGER, zero, 4);
      native.wasm._zmq_close(stand);
    }
  }

  monitor(): WasmMonitor {
    const { native } = this.host.runtime;
    const reader = new WasmSocket(this.host, PAIR, this.context, [["receiveHighWaterMark", socketOptions.receiveHighWaterMark, 0]], true);
    const monitor = new WasmMonitor(native, this.handle, reader, () => {
      // Replaced: libzmq stopped it when it started the next one.
      if (this.#monitor !== monitor) return true;
      if (!this.handle) return false;
      this.#monitor = undefined;
      native.wasm._zmq_socket_monitor(this.handle, 0, 0);
      return true;
    });
    this.#monitor = monitor;
    return monitor;
  }

  /** until must not reject: waits await it. */
  lend(until: Promise<unknown>): void {
    this.#held = until;
    void until.then(() => {
      if (this.#held === until) this.#held = undefined;
    });
  }

  check(): void {
    this.host.runtime.native.guard.check();
  }

  // --- sending ------------------------------------------------------------

  send(frames: Uint8Array[]): void | Promise<void> {
    if (!this.#trySend(frames)) return this.#sendLater(frames);
  }

  async #sendLater(frames: Uint8Array[]): Promise<void> {
    const release = holdOpen();
    try {
      const deadline = this.#deadline(ZMQ_SNDTIMEO);
      for (;;) {
        const expired = await this.#waitFor(POLLOUT, deadline);
        if (this.#trySend(frames, expired)) return;
        if (expired) throw expired;
      }
    } finally {
      release();
    }
  }

  /** One non-blocking send: true if sent, false at the HWM (EAGAIN) or
   * where it waits first (#waitsFirst; not on the `last` try). */
  #trySend(frames: Uint8Array[], last: unknown = false): boolean {
    const { native } = this.host.runtime;
    this.#processCommands();
    // An array of zws_send_part, then the frames' bytes.
    let size = SEND_PART.sizeof * frames.length;
    for (const frame of frames) size += frame.length;
    const base = native.ensureScratch(size);
    const u8 = native.u8;
    const u32 = native.u32;
    let at = base + SEND_PART.sizeof * frames.length;
    for (let i = 0; i < frames.length; i++) {
      const part = base + SEND_PART.sizeof * i;
      u8.set(frames[i], at);
      u32[(part + SEND_PART.data) >> 2] = at;
      u32[(part + SEND_PART.size) >> 2] = frames[i].length;
      at += frames[i].length;
    }
    if (native.wasm._zws_send_parts(this.handle, base, frames.length, ZMQ_DONTWAIT, this.#route) === 0) return true;
    const errno = native.lastError();
    if (errno === native.errno("EAGAIN") || (!last && this.#waitsFirst(POLLOUT, ZMQ_SNDTIMEO))) return false;
    throw native.error(errno, { operation: "send" });
  }

  // --- receiving ------------------------------------------------------------

  take(inbox: Frame[][]): void {
    const parts = this.#pull(BATCH_MESSAGES);
    if (parts > 0) readMessages(this.host.runtime.native, parts, inbox);
  }

  wait(inbox: Frame[][]): Promise<void> {
    return this.#pullWaiting(BATCH_MESSAGES, (native, parts) => readMessages(native, parts, inbox));
  }

  /** For a page: up to maxMessages, packed into one transferable buffer
   * (one copy), once at least one is there. */
  waitPacked(maxMessages: number): Promise<Batch> {
    const parts = this.#pull(maxMessages);
    if (parts > 0) return Promise.resolve(readPacked(this.host.runtime.native, parts));
    return this.#pullWaiting(maxMessages, readPacked);
  }

  /** Asks libzmq for waiting messages without blocking: returns how many
   * parts zws_batch_desc() describes (0: none waiting). */
  #pull(maxMessages: number, last: unknown = false): number {
    const { native } = this.host.runtime;
    const count = native.wasm._zws_recv_batch(this.handle, maxMessages, BATCH_BYTES, this.#route);
    if (count >= 0) return count;
    const errno = native.lastError();
    if (errno === native.errno("EAGAIN") || (!last && this.#waitsFirst(POLLIN, ZMQ_RCVTIMEO))) return 0;
    throw native.error(errno, { operation: "receive" });
  }

  /** #pull once a message is there (up to receiveTimeout), and read the
   * batch at once: it is one per thread, and the next pull replaces it. */
  async #pullWaiting<T>(maxMessages: number, read: (native: Native, parts: number) => T): Promise<T> {
    const release = holdOpen();
    try {
      const deadline = this.#deadline(ZMQ_RCVTIMEO);
      for (;;) {
        const expired = await this.#waitFor(POLLIN, deadline);
        const parts = this.#pull(maxMessages, expired);
        if (parts > 0) return read(this.host.runtime.native, parts);
        if (expired) throw expired;
      }
    } finally {
      release();
    }
  }

  // --- readiness ------------------------------------------------------------

  /** Whether a refused send/receive waits instead of failing: zeromq.js
   * tries one only once the socket is ready for it (or with a timeout of
   * 0), so a socket that is not (a Request that has sent, a Reply that has
   * not received, a mandatory Router without peers) waits, and at the
   * timeout tries a last time: libzmq's refusal (EFSM, EHOSTUNREACH) then,
   * or EAGAIN. Asked only after a refusal: sends and receives that succeed
   * pay nothing for it. */
  #waitsFirst(bit: number, timeoutOption: number): boolean {
    return (this.events() & bit) === 0 && this.#getInt(timeoutOption) !== 0;
  }

  /** The fd whose wait word changes when the socket may be ready. */
  #readinessFd(): number {
    if (!this.#getInt(ZMQ_THREAD_SAFE)) return this.#getInt(ZMQ_FD);
    const { native } = this.host.runtime;
    const fdPtr = native.ensureScratch(4);
    this.#poller = native.wasm._zws_safe_poller(this.handle, fdPtr);
    if (!this.#poller) throw native.lastErrorFor({ operation: "create socket" });
    return native.i32[fdPtr >> 2];
  }

  events(): number {
    return this.#getInt(ZMQ_EVENTS);
  }

  /**
   * libzmq's send looks at the socket's commands (a peer attached, a
   * subscription arrived) only once its "CPU tick" counter has moved 3
   * million since the last look: ~1 ms on a 3 GHz CPU, but 3 ms in wasm,
   * where that counter is the nanosecond clock. So a Publisher sending
   * right after a subscriber connected dropped messages for up to 3 ms
   * more than native libzmq. When the socket's mailbox has been signalled
   * since the last look, reading ZMQ_EVENTS processes the commands now.
   */
  #processCommands(): void {
    const i32 = this.host.runtime.native.i32;
    if (Atomics.load(i32, this.#seqIndex) === this.#commandsSeen) return;
    this.events();
    this.#commandsSeen = Atomics.load(i32, this.#seqIndex);
  }

  /** Processes the socket's commands as they come, for ms: an inproc
   * disconnect ends only once this socket has acknowledged its peer's
   * answer, which an idle socket would do at its next call (a feed's
   * Subscriber, backend/subscriber-feeds.ts). */
  async processCommandsFor(ms: number): Promise<void> {
    const { native, scheduler } = this.host.runtime;
    const deadline = performance.now() + ms;
    while (!this.#closed && !this.#held && !native.guard.aborted) {
      const seen = Atomics.load(native.i32, this.#seqIndex);
      this.events();
      const left = deadline - performance.now();
      if (left <= 0) return;
      await scheduler.sleep(this.#seqIndex, seen, left);
    }
  }

  #deadline(option: number): number {
    const timeout = this.#getInt(option);
    return timeout < 0 ? Infinity : performance.now() + timeout;
  }

  /** Resolves when ZMQ_EVENTS has one of the bits (to undefined), or at
   * the deadline to its EAGAIN (the caller tries a last time first);
   * rejects with EAGAIN when the socket closes (close() wakes the wait). */
  async #waitFor(bits: number, deadline: number): Promise<ZmqError | undefined> {
    const { native } = this.host.runtime;
    for (;;) {
      if (this.#held) await this.#held;
      native.guard.check();
      if (this.#closed) throw timedOut(bits === POLLIN ? "receive" : "send", "the socket was closed");
      const seen = Atomics.load(native.i32, this.#seqIndex);
      // Reading ZMQ_EVENTS also makes libzmq process its pending commands.
      if (this.events() & bits) return undefined;
      const left = deadline - performance.now();
      if (left <= 0) return timedOut(bits === POLLIN ? "receive" : "send", "timed out");
      await this.host.runtime.scheduler.sleep(this.#seqIndex, seen, left === Infinity ? undefined : left);
    }
  }

  // --- options ----------------------------------------------------------------

  setOption(name: string, spec: OptionSpec, value: unknown): void {
    const [id, bytes] = encodeOption(spec, value);
    this.#setBytes(id, bytes, { operation: `set option "${name}"` });
  }

  getOption(name: string, spec: OptionSpec): unknown {
    const { native } = this.host.runtime;
    // CURVE keys come back as Z85 only when asked with room for 40 + NUL.
    const size = ({ key: 41, string: 1024, int64: 8, uint64: 8 } as Partial<Record<string, number>>)[spec.kind] ?? 4;
    const lenPtr = native.ensureScratch(size + 8); // the size_t first: aligned
    const ptr = lenPtr + 8;
    native.u32[lenPtr >> 2] = size;
    if (native.wasm._zmq_getsockopt(this.handle, spec.id, ptr, lenPtr) !== 0) {
      throw native.lastErrorFor({ operation: `get option "${name}"` });
    }
    return decodeOption(spec, native.u8.slice(ptr, ptr + native.u32[lenPtr >> 2]));
  }

  readOption(name: string, spec: OptionSpec): Promise<unknown> {
    return Promise.resolve(this.getOption(name, spec));
  }

  subscribe(subscribe: boolean, prefix: Uint8Array): void {
    if (this.#joins) return this.#joinOrLeave(subscribe, prefix);
    this.#setBytes(subscribe ? ZMQ_SUBSCRIBE : ZMQ_UNSUBSCRIBE, prefix, { operation: subscribe ? "subscribe" : "unsubscribe" });
  }

  /** A Dish's subscription: zmq_join / zmq_leave take the group as a C string. */
  #joinOrLeave(join: boolean, group: Uint8Array): void {
    const { native } = this.host.runtime;
    const what: ErrorContext = { operation: join ? "join" : "leave" };
    if (group.includes(0)) throw native.error(native.errno("EINVAL"), { ...what, hint: "a group must not contain a NUL character" });
    const ptr = native.ensureScratch(group.length + 1);
    native.u8.set(group, ptr);
    native.u8[ptr + group.length] = 0;
    const call = join ? native.wasm._zmq_join : native.wasm._zmq_leave;
    if (call(this.handle, ptr) !== 0) throw native.lastErrorFor(what);
  }

  /** null: (NULL, 0), as zeromq.js passes null (libzmq clears some
   * string options only so). */
  #setBytes(option: number, value: Uint8Array | null, what: ErrorContext): void {
    const { native } = this.host.runtime;
    const ptr = value ? native.ensureScratch(Math.max(value.length, 8)) : 0;
    if (value) native.u8.set(value, ptr);
    if (native.wasm._zmq_setsockopt(this.handle, option, ptr, value?.length ?? 0) !== 0) throw native.lastErrorFor(what);
  }

  #getInt(option: number): number {
    const { native } = this.host.runtime;
    const ptr = native.ensureScratch(16);
    native.u32[(ptr + 8) >> 2] = 4;
    if (native.wasm._zmq_getsockopt(this.handle, option, ptr, ptr + 8) !== 0) {
      throw native.lastErrorFor({ operation: "get socket state" });
    }
    return native.i32[ptr >> 2];
  }
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

const ZMQ_XPUB_VERBOSER = 78;

/** The libzmq option id and value bytes for a checked value. */
function encodeOption(spec: OptionSpec, value: unknown): [number, Uint8Array | null] {
  switch (spec.kind) {
    case "bool":
    case "verbosity": {
      // verbosity: "allSubsUnsubs" is ZMQ_XPUB_VERBOSER on, the others set ZMQ_XPUB_VERBOSE.
      const id = value === "allSubsUnsubs" ? ZMQ_XPUB_VERBOSER : spec.id;
      return [id, int32Bytes(value === true || value === "allSubs" || value === "allSubsUnsubs" ? 1 : 0)];
    }
    case "int32":
    case "uint32":
      return [spec.id, int32Bytes(Number(BigInt.asIntN(32, integerValue(spec.kind, value as number))))];
    case "int64":
    case "uint64": {
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, integerValue(spec.kind, value as number)), true);
      return [spec.id, out];
    }
    default:
      if (value === null) return [spec.id, null];
      if (typeof value === "string") return [spec.id, textEncoder.encode(value)];
      return [spec.id, toBytes(value)];
  }
}

function int32Bytes(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value, true);
  return out;
}

function decodeOption(spec: OptionSpec, bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (spec.kind) {
    case "int32":
      return view.getInt32(0, true);
    case "uint32":
      return view.getUint32(0, true);
    case "bool":
      return view.getInt32(0, true) !== 0;
    case "mechanism":
      return MECHANISMS[view.getInt32(0, true)];
    case "int64":
      return Number(view.getBigInt64(0, true));
    case "uint64":
      return Number(view.getBigUint64(0, true));
    default: {
      // Strings come NUL-terminated, routing ids not; either ends at a NUL.
      const end = bytes.indexOf(0);
      const text = textDecoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
      return text.length === 0 ? null : text;
    }
  }
}
