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
import { noGatewayError, noListenError, tcpTarget } from "../endpoint.js";
import { timedOut } from "../errors.js";
import type { Batch, Frame } from "../frames.js";
import { describe, DISH, RADIO, SERVER, type OptionSpec } from "../options.js";
import { ZWS_ROUTE_GROUP, ZWS_ROUTE_ID, ZWS_ROUTE_NONE, ZWS_SEND_PART as SEND_PART } from "../runtime/abi.js";
import { readMessages, readPacked } from "../runtime/batch.js";
import { holdOpen } from "../runtime/keepalive.js";
import type { Runtime } from "../runtime/load.js";
import type { Native, Ptr } from "../runtime/native.js";
import { CALL_BIND, CALL_UNBIND, callOnThread } from "../runtime/thread-call.js";
import type { ConnectRequest, SocketBackend } from "./types.js";

const ZMQ_SUBSCRIBE = 6;
const ZMQ_UNSUBSCRIBE = 7;
const ZMQ_FD = 14;
const ZMQ_EVENTS = 15;
const ZMQ_RCVTIMEO = 27;
const ZMQ_SNDTIMEO = 28;
const ZMQ_CONNECT_ROUTING_ID = 61;
const ZMQ_THREAD_SAFE = 81;
const ZMQ_POLLIN = 1;
const ZMQ_POLLOUT = 2;
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
  /** A thread-safe socket's zmq_poller (0: none), whose fd stands for ZMQ_FD. */
  #poller: Ptr = 0;
  readonly #route: number;
  /** Dish: subscribe() joins and leaves groups. */
  readonly #joins: boolean;

  constructor(
    private readonly host: WasmSocketHost,
    type: number,
    contextHandle: Ptr,
    options: Array<[string, OptionSpec, unknown]>,
  ) {
    const { native } = host.runtime;
    const handle = native.wasm._zmq_socket(contextHandle, type);
    if (!handle) throw native.lastErrorFor("Cannot create socket");
    this.handle = handle;
    this.#route = routeOf(type);
    this.#joins = type === DISH;
    try {
      this.#seqIndex = native.wasm._zws_fd_seq_addr(this.#readinessFd()) >> 2;
      for (const [name, spec, value] of options) this.setOption(name, spec, value);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  // --- endpoints --------------------------------------------------------

  bind(address: string): void | Promise<void> {
    const what = `Cannot bind ${JSON.stringify(address)}`;
    if (address.startsWith("tcp://") && !this.host.runtime.shim.canListen) throw noListenError(address);
    if (address.startsWith("tcp://") && this.host.runtime.build === "nothreads") return this.#bindListenFirst(what, address);
    return this.#endpoint(CALL_BIND, what, address);
  }

  unbind(address: string): void | Promise<void> {
    return this.#endpoint(CALL_UNBIND, `Cannot unbind ${JSON.stringify(address)}`, address);
  }

  #endpoint(op: number, what: string, address: string): void | Promise<void> {
    const { native, build } = this.host.runtime;
    if (address.startsWith("tcp://") && build === "threads") return this.#endpointOnThread(op, what, address);
    if (address.startsWith("tcp://") && op === CALL_UNBIND) return this.#unbindThenPortFree(what, address);
    // Only tcp needs the host thread to answer (it listens); the rest is
    // immediate.
    const call = op === CALL_BIND ? native.wasm._zmq_bind : native.wasm._zmq_unbind;
    if (call(this.handle, native.cString(address)) !== 0) throw native.lastErrorFor(what, address);
  }

  /** A tcp bind waits for this thread's host loop to listen: it runs on a
   * helper thread while this one goes on. */
  async #endpointOnThread(op: number, what: string, address: string): Promise<void> {
    const { native, shim } = this.host.runtime;
    let finish!: () => void;
    this.#held = new Promise<void>((resolve) => (finish = resolve));
    const endpoint = native.ownedCString(address);
    try {
      await callOnThread(this.host.runtime, op, this.handle, endpoint, what, address);
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
  async #bindListenFirst(what: string, address: string): Promise<void> {
    const { native, shim } = this.host.runtime;
    const [, host, port] = /^tcp:\/\/(.+):([^:]+)$/.exec(address)!;
    const listenHost = host === "*" ? "0.0.0.0" : host === "localhost" ? "127.0.0.1" : host.replace(/^\[(.*)\]$/, "$1");
    let bound: number;
    try {
      bound = await shim.listenFirst(listenHost, port === "*" ? 0 : Number(port));
    } catch (error) {
      throw native.error(native.errno((error as { code: string }).code) || native.errno("EADDRINUSE"), what, address);
    }
    if (this.#closed) return shim.dropListenedFirst(bound);
    if (native.wasm._zmq_bind(this.handle, native.cString(`tcp://${host}:${bound}`)) !== 0) {
      shim.dropListenedFirst(bound);
      throw native.lastErrorFor(what, address);
    }
  }

  /** libzmq closes the listener as the unbind returns (no thread to wait
   * for): resolve once the port can be bound again. */
  async #unbindThenPortFree(what: string, address: string): Promise<void> {
    const { native, shim } = this.host.runtime;
    if (native.wasm._zmq_unbind(this.handle, native.cString(address)) !== 0) throw native.lastErrorFor(what, address);
    const port = /:(\d+)$/.exec(address)?.[1];
    if (port) await shim.whenPortFree(Number(port));
  }

  connect(address: string, request: ConnectRequest): void {
    const { native, shim } = this.host.runtime;
    const target = tcpTarget(address);
    if (target !== undefined && !shim.route(target, request.gateway)) throw noGatewayError(address);
    if (request.routingId) this.#setBytes(ZMQ_CONNECT_ROUTING_ID, request.routingId, "Cannot set routingId");
    if (native.wasm._zmq_connect(this.handle, native.cString(address)) !== 0) {
      throw native.lastErrorFor(`Cannot connect to ${JSON.stringify(address)}`, address);
    }
  }

  disconnect(address: string): void {
    const { native } = this.host.runtime;
    if (native.wasm._zmq_disconnect(this.handle, native.cString(address)) !== 0) {
      throw native.lastErrorFor(`Cannot disconnect from ${JSON.stringify(address)}`, address);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const { native } = this.host.runtime;
    // Wake a pending send/receive: it sees the socket closed.
    if (this.#seqIndex) this.host.runtime.scheduler.wake(this.#seqIndex);
    // The poller first: destroying it takes its signaler off the socket.
    if (this.#poller) {
      const cell = native.ensureScratch(4);
      native.u32[cell >> 2] = this.#poller;
      native.wasm._zmq_poller_destroy(cell);
      this.#poller = 0;
    }
    native.wasm._zmq_close(this.handle);
    this.handle = 0;
  }

  /** until must not reject: waits await it. */
  lend(until: Promise<unknown>): void {
    this.#held = until;
    void until.then(() => {
      if (this.#held === until) this.#held = undefined;
    });
  }

  check(): void {}

  // --- sending ------------------------------------------------------------

  send(frames: Uint8Array[]): void | Promise<void> {
    if (!this.#trySend(frames)) return this.#sendLater(frames);
  }

  async #sendLater(frames: Uint8Array[]): Promise<void> {
    const release = holdOpen();
    try {
      const deadline = this.#deadline(ZMQ_SNDTIMEO);
      for (;;) {
        await this.#waitFor(ZMQ_POLLOUT, deadline);
        if (this.#trySend(frames)) return;
      }
    } finally {
      release();
    }
  }

  /** One non-blocking send: true if sent, false at the HWM (EAGAIN). */
  #trySend(frames: Uint8Array[]): boolean {
    const { native } = this.host.runtime;
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
    if (errno === native.errno("EAGAIN")) return false;
    throw native.error(errno, "Cannot send");
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
  #pull(maxMessages: number): number {
    const { native } = this.host.runtime;
    const count = native.wasm._zws_recv_batch(this.handle, maxMessages, BATCH_BYTES, this.#route);
    if (count >= 0) return count;
    const errno = native.lastError();
    if (errno === native.errno("EAGAIN")) return 0;
    throw native.error(errno, "Cannot receive");
  }

  /** #pull once a message is there (up to receiveTimeout), and read the
   * batch at once: it is one per thread, and the next pull replaces it. */
  async #pullWaiting<T>(maxMessages: number, read: (native: Native, parts: number) => T): Promise<T> {
    const release = holdOpen();
    try {
      const deadline = this.#deadline(ZMQ_RCVTIMEO);
      for (;;) {
        await this.#waitFor(ZMQ_POLLIN, deadline);
        const parts = this.#pull(maxMessages);
        if (parts > 0) return read(this.host.runtime.native, parts);
      }
    } finally {
      release();
    }
  }

  // --- readiness ------------------------------------------------------------

  /** The fd whose wait word changes when the socket may be ready. */
  #readinessFd(): number {
    if (!this.#getInt(ZMQ_THREAD_SAFE)) return this.#getInt(ZMQ_FD);
    const { native } = this.host.runtime;
    const fdPtr = native.ensureScratch(4);
    this.#poller = native.wasm._zws_safe_poller(this.handle, fdPtr);
    if (!this.#poller) throw native.lastErrorFor("Cannot create socket");
    return native.i32[fdPtr >> 2];
  }

  events(): number {
    return this.#getInt(ZMQ_EVENTS);
  }

  #deadline(option: number): number {
    const timeout = this.#getInt(option);
    return timeout < 0 ? Infinity : performance.now() + timeout;
  }

  /** Resolves when ZMQ_EVENTS has one of the bits; rejects with EAGAIN at
   * the deadline or when the socket closes (close() wakes the wait). */
  async #waitFor(bits: number, deadline: number): Promise<void> {
    const { native } = this.host.runtime;
    for (;;) {
      if (this.#held) await this.#held;
      if (this.#closed) throw timedOut("the socket was closed");
      const seen = Atomics.load(native.i32, this.#seqIndex);
      // Reading ZMQ_EVENTS also makes libzmq process its pending commands.
      if (this.events() & bits) return;
      const left = deadline - performance.now();
      if (left <= 0) throw timedOut("timed out");
      await this.host.runtime.scheduler.sleep(this.#seqIndex, seen, left === Infinity ? undefined : left);
    }
  }

  // --- options ----------------------------------------------------------------

  setOption(name: string, spec: OptionSpec, value: unknown): void {
    const bytes = encodeOption(spec, value);
    this.#setBytes(spec.id, bytes, `Cannot set socket option "${name}" to ${describe(value)}`);
  }

  getOption(name: string, spec: OptionSpec): unknown {
    const { native } = this.host.runtime;
    // CURVE keys come back as Z85 only when asked with room for 40 + NUL.
    const size = { int32: 4, bool: 4, int64: 8, key: 41, string: 1024, bytes: 256 }[spec.kind];
    const lenPtr = native.ensureScratch(size + 8); // the size_t first: aligned
    const ptr = lenPtr + 8;
    native.u32[lenPtr >> 2] = size;
    if (native.wasm._zmq_getsockopt(this.handle, spec.id, ptr, lenPtr) !== 0) {
      throw native.lastErrorFor(`Cannot read socket option "${name}"`);
    }
    return decodeOption(spec, native.u8.slice(ptr, ptr + native.u32[lenPtr >> 2]));
  }

  readOption(name: string, spec: OptionSpec): Promise<unknown> {
    return Promise.resolve(this.getOption(name, spec));
  }

  subscribe(subscribe: boolean, prefix: Uint8Array): void {
    if (this.#joins) return this.#joinOrLeave(subscribe, prefix);
    this.#setBytes(subscribe ? ZMQ_SUBSCRIBE : ZMQ_UNSUBSCRIBE, prefix, `Cannot ${subscribe ? "subscribe" : "unsubscribe"}`);
  }

  /** A Dish's subscription: zmq_join / zmq_leave take the group as a C string. */
  #joinOrLeave(join: boolean, group: Uint8Array): void {
    const { native } = this.host.runtime;
    const what = `Cannot ${join ? "join" : "leave"} group ${JSON.stringify(textDecoder.decode(group.subarray(0, 80)))}`;
    if (group.includes(0)) throw native.error(native.errno("EINVAL"), what);
    const ptr = native.ensureScratch(group.length + 1);
    native.u8.set(group, ptr);
    native.u8[ptr + group.length] = 0;
    const call = join ? native.wasm._zmq_join : native.wasm._zmq_leave;
    if (call(this.handle, ptr) !== 0) throw native.lastErrorFor(what);
  }

  #setBytes(option: number, value: Uint8Array, what: string): void {
    const { native } = this.host.runtime;
    const ptr = native.ensureScratch(Math.max(value.length, 8));
    native.u8.set(value, ptr);
    if (native.wasm._zmq_setsockopt(this.handle, option, ptr, value.length) !== 0) throw native.lastErrorFor(what);
  }

  #getInt(option: number): number {
    const { native } = this.host.runtime;
    const ptr = native.ensureScratch(16);
    native.u32[(ptr + 8) >> 2] = 4;
    if (native.wasm._zmq_getsockopt(this.handle, option, ptr, ptr + 8) !== 0) {
      throw native.lastErrorFor("Cannot read socket state");
    }
    return native.i32[ptr >> 2];
  }
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

function encodeOption(spec: OptionSpec, value: unknown): Uint8Array {
  switch (spec.kind) {
    case "int32":
    case "bool": {
      const out = new Uint8Array(4);
      new DataView(out.buffer).setInt32(0, spec.kind === "bool" ? (value ? 1 : 0) : (value as number), true);
      return out;
    }
    case "int64": {
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigInt64(0, BigInt(value as number), true);
      return out;
    }
    default:
      if (value === null) return new Uint8Array(0);
      return typeof value === "string" ? textEncoder.encode(value) : (value as Uint8Array);
  }
}

function decodeOption(spec: OptionSpec, bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (spec.kind) {
    case "int32":
      return view.getInt32(0, true);
    case "bool":
      return view.getInt32(0, true) !== 0;
    case "int64":
      return Number(view.getBigInt64(0, true));
    case "bytes":
      return bytes.length === 0 ? null : textDecoder.decode(bytes);
    default: {
      // Strings come NUL-terminated.
      const end = bytes.indexOf(0);
      const text = textDecoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
      return text.length === 0 ? null : text;
    }
  }
}
