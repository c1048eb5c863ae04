/**
 * The one Socket class: endpoints, options, send/receive and async
 * iteration over libzmq in wasm. Socket types (sockets.ts) only choose
 * which of these a class exposes.
 *
 * The socket never blocks the thread: every libzmq call is non-blocking,
 * and waiting for readiness is Atomics.waitAsync on the futex word behind
 * the socket's ZMQ_FD, which libzmq's I/O thread bumps when it signals.
 */
import { gatewayTransport } from "./configure.js";
import { Context, defaultContext } from "./context.js";
import { closedError, errorFor, lastError, makeError, type ZmqError } from "./errors.js";
import { frameFrom, toBytes, type Frame, type MessageLike } from "./frames.js";
import {
  checkValue,
  DEFAULT_MAX_MESSAGE_SIZE,
  defineOptionProperties,
  describe,
  socketOptions,
  type OptionSpec,
  type SocketOptionName,
  type SocketOptionProperties,
} from "./options.js";
import { ZWS_BATCH_PART as PART, ZWS_SEND_PART as SEND_PART } from "./runtime/abi.js";
import { holdOpen } from "./runtime/keepalive.js";
import { runtime, type Runtime } from "./runtime/load.js";
import type { Ptr } from "./runtime/native.js";
import { CALL_BIND, CALL_UNBIND, callOnThread } from "./runtime/thread-call.js";
import { sleepOn } from "./runtime/wait.js";

const ZMQ_SUBSCRIBE = 6;
const ZMQ_UNSUBSCRIBE = 7;
const ZMQ_FD = 14;
const ZMQ_EVENTS = 15;
const ZMQ_RCVTIMEO = 27;
const ZMQ_SNDTIMEO = 28;
const ZMQ_CONNECT_ROUTING_ID = 61;
const ZMQ_POLLIN = 1;
const ZMQ_POLLOUT = 2;
const ZMQ_DONTWAIT = 1;


/** How many messages / bytes one receive pulls out of libzmq at most. */
const BATCH_MESSAGES = 256;
const BATCH_BYTES = 1 << 20;

/** Sockets dropped without close() are closed when collected. */
export interface ConnectOptions {
  /** ws:// or wss:// gateway for this endpoint (see configure()). */
  gateway?: string | URL;
}

const finalizer = new FinalizationRegistry<() => void>((close) => close());

export class Socket {
  /** The context this socket belongs to. */
  readonly context: Context;
  protected readonly rt: Runtime;
  private handle: Ptr;
  private readonly socketType: number;
  private isClosed = false;
  /** A bind/unbind runs on a helper thread: the socket is off limits. */
  private blocked: Promise<void> | undefined;
  private stopBorrower: (() => void) | undefined;
  private receiving = false;
  private sending = false;
  private readonly inbox: Frame[][] = [];
  /** Index (in Int32 units) of the futex word behind ZMQ_FD. */
  private readonly seqIndex: number;

  constructor(type: number, options: { context?: Context } & Record<string, unknown> = {}) {
    if (typeof options !== "object" || options === null) {
      throw makeError(`Socket options must be an object, got ${describe(options)}`, "EINVAL");
    }
    const { context = defaultContext(), ...rest } = options;
    this.rt = runtime();
    this.context = context;
    this.socketType = type;
    const handle = this.rt.native.wasm._zmq_socket(context.handle, type);
    if (!handle) throw lastError(this.rt.native, "Cannot create socket");
    this.handle = handle;
    this.seqIndex = this.rt.native.wasm._zws_fd_seq_addr(this.getInt(ZMQ_FD)) >> 2;
    const wasm = this.rt.native.wasm;
    finalizer.register(this, () => wasm._zmq_close(handle), this);
    try {
      if (!("maxMessageSize" in rest)) this.setOption("maxMessageSize", DEFAULT_MAX_MESSAGE_SIZE);
      for (const [name, value] of Object.entries(rest)) this.setOption(name, value);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** True if a message is waiting to be received. */
  get readable(): boolean {
    return !this.isClosed && !this.blocked && (this.inbox.length > 0 || (this.events() & ZMQ_POLLIN) !== 0);
  }

  /** True if a message can be sent now without waiting. */
  get writable(): boolean {
    return !this.isClosed && !this.blocked && (this.events() & ZMQ_POLLOUT) !== 0;
  }

  // --- endpoints --------------------------------------------------------

  bind(address: string): Promise<void> {
    return this.endpointCall(CALL_BIND, "bind", address);
  }

  unbind(address: string): Promise<void> {
    return this.endpointCall(CALL_UNBIND, "unbind", address);
  }

  /** Connects; libzmq reconnects by itself. `gateway`: reach this tcp://
   * endpoint through that WebSocket gateway, whatever configure() says. */
  connect(address: string, options: ConnectOptions = {}): void {
    this.connectTo(address, options.gateway);
  }

  private connectTo(address: string, gateway?: string | URL): void {
    this.assertUsable();
    checkAddress(address);
    if (gateway !== undefined) {
      const target = /^tcp:\/\/(?:\[([^\]]+)\]|([^:/]+)):(\d+)$/.exec(address);
      if (!target) throw makeError(`A gateway applies to tcp://host:port endpoints, got ${JSON.stringify(address)}`, "EINVAL", 0, address);
      const host = (target[1] ?? target[2]).toLowerCase();
      this.rt.host.route(`${host === "localhost" ? "127.0.0.1" : host}:${target[3]}`, gatewayTransport(gateway));
    }
    const { native } = this.rt;
    if (native.wasm._zmq_connect(this.handle, native.cString(address)) !== 0) {
      throw lastError(native, `Cannot connect to ${JSON.stringify(address)}`, address);
    }
  }

  disconnect(address: string): void {
    this.assertUsable();
    checkAddress(address);
    const { native } = this.rt;
    if (native.wasm._zmq_disconnect(this.handle, native.cString(address)) !== 0) {
      throw lastError(native, `Cannot disconnect from ${JSON.stringify(address)}`, address);
    }
  }

  /** Closes the socket; pending send/receive calls reject with EAGAIN.
   * Queued outgoing messages are still delivered per the linger option. */
  close(): void {
    if (this.isClosed) return;
    if (this.blocked) {
      this.stopBorrower?.();
      void this.blocked.then(() => this.close());
      return;
    }
    this.isClosed = true;
    finalizer.unregister(this);
    // Wake a pending send/receive: it sees the socket closed.
    Atomics.notify(this.rt.native.i32, this.seqIndex);
    this.rt.native.wasm._zmq_close(this.handle);
    this.handle = 0;
    this.inbox.length = 0;
  }

  private async endpointCall(op: number, verb: string, address: string): Promise<void> {
    this.assertUsable();
    checkAddress(address);
    const { native } = this.rt;
    const what = `Cannot ${verb} ${JSON.stringify(address)}`;
    if (!address.startsWith("tcp://")) {
      // Only tcp needs the host thread to answer (it listens); the rest is
      // immediate.
      const fn = op === CALL_BIND ? native.wasm._zmq_bind : native.wasm._zmq_unbind;
      if (fn(this.handle, native.cString(address)) !== 0) throw lastError(native, what, address);
      return;
    }
    let finish!: () => void;
    this.blocked = new Promise((resolve) => (finish = resolve));
    const endpoint = native.ownedCString(address);
    try {
      await callOnThread(native, op, this.handle, endpoint, what, address);
      // libzmq closes the listener on its I/O thread after zmq_unbind
      // returns: resolve once the port can be bound again.
      const port = /:(\d+)$/.exec(address)?.[1];
      if (op === CALL_UNBIND && port) await this.rt.host.whenPortFree(Number(port));
    } finally {
      native.wasm._free(endpoint);
      this.blocked = undefined;
      finish();
    }
  }

  /**
   * @internal Lends the socket to a libzmq thread (a proxy) until `done`:
   * calls wait meanwhile, and close() first asks the borrower to `stop`.
   */
  lendUntil(done: Promise<unknown>, stop: () => void): Ptr {
    this.assertUsable();
    if (this.blocked) throw makeError("Socket is busy (binding, or in another proxy)", "EBUSY");
    const settled = done.then(() => undefined, () => undefined);
    this.blocked = settled;
    this.stopBorrower = stop;
    void settled.then(() => {
      this.blocked = undefined;
      this.stopBorrower = undefined;
    });
    return this.handle;
  }

  // --- sending ------------------------------------------------------------

  /** Queues a message (an array is one multipart message). Resolves when
   * libzmq has taken it; waits while the socket is at its high-water mark,
   * up to sendTimeout. */
  protected sendMessage(message: MessageLike | MessageLike[]): Promise<void> {
    this.assertUsable();
    if (this.sending) {
      throw makeError(
        "Socket is busy writing; only one send operation may be in progress at any time",
        "EBUSY",
      );
    }
    const parts = (Array.isArray(message) ? message : [message]).map(toBytes);
    if (parts.length === 0) throw makeError("Cannot send an empty multipart message (no frames)", "EINVAL");
    try {
      if (this.trySend(parts)) return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.sendLater(parts);
  }

  private async sendLater(parts: Uint8Array[]): Promise<void> {
    this.sending = true;
    const release = holdOpen();
    try {
      const deadline = this.deadline(ZMQ_SNDTIMEO);
      for (;;) {
        await this.waitFor(ZMQ_POLLOUT, deadline);
        if (this.trySend(parts)) return;
      }
    } finally {
      this.sending = false;
      release();
    }
  }

  /** One non-blocking send: true if sent, false at the HWM (EAGAIN). */
  private trySend(parts: Uint8Array[]): boolean {
    const { native } = this.rt;
    let size = SEND_PART.sizeof * parts.length;
    for (const part of parts) size += part.length;
    const base = native.ensureScratch(size);
    const u8 = native.u8;
    const u32 = native.u32;
    let at = base + SEND_PART.sizeof * parts.length;
    for (let i = 0; i < parts.length; i++) {
      const entry = base + SEND_PART.sizeof * i;
      u8.set(parts[i], at);
      u32[(entry + SEND_PART.data) >> 2] = at;
      u32[(entry + SEND_PART.size) >> 2] = parts[i].length;
      at += parts[i].length;
    }
    if (native.wasm._zws_send_parts(this.handle, base, parts.length, ZMQ_DONTWAIT) === 0) return true;
    const errno = native.lastError();
    if (errno === native.errno("EAGAIN")) return false;
    throw errorFor(native, errno, "Cannot send");
  }

  // --- receiving ------------------------------------------------------------

  /** The next message, as its frames. Waits up to receiveTimeout. */
  protected receiveMessage(): Promise<Frame[]> {
    this.assertUsable();
    if (this.receiving) {
      throw makeError(
        "Socket is busy reading; only one receive operation may be in progress at any time",
        "EBUSY",
      );
    }
    const ready = this.inbox.shift();
    if (ready) return Promise.resolve(ready);
    try {
      this.fill();
    } catch (error) {
      return Promise.reject(error);
    }
    const next = this.inbox.shift();
    if (next) return Promise.resolve(next);
    return this.receiveLater();
  }

  private async receiveLater(): Promise<Frame[]> {
    this.receiving = true;
    const release = holdOpen();
    try {
      const deadline = this.deadline(ZMQ_RCVTIMEO);
      for (;;) {
        await this.waitFor(ZMQ_POLLIN, deadline);
        this.fill();
        const next = this.inbox.shift();
        if (next) return next;
      }
    } finally {
      this.receiving = false;
      release();
    }
  }

  /** Asks libzmq for waiting messages without blocking: returns how many
   * parts zws_batch_desc() describes (0: none waiting). */
  private pull(maxMessages: number): number {
    const { native } = this.rt;
    const count = native.wasm._zws_recv_batch(this.handle, maxMessages, BATCH_BYTES);
    if (count >= 0) return count;
    const errno = native.lastError();
    if (errno === native.errno("EAGAIN")) return 0;
    throw errorFor(native, errno, "Cannot receive");
  }

  /** Moves a batch of waiting messages from libzmq into the inbox. */
  private fill(): void {
    const count = this.pull(BATCH_MESSAGES);
    if (count === 0) return;
    const { native } = this.rt;
    const u8 = native.u8;
    const u32 = native.u32;
    const desc = native.wasm._zws_batch_desc();
    let frames: Frame[] = [];
    for (let i = 0; i < count; i++) {
      const at = desc + PART.sizeof * i;
      frames.push(frameFrom(u8, u32[(at + PART.data) >> 2], u32[(at + PART.size) >> 2]));
      if (u32[(at + PART.more) >> 2] === 0) {
        this.inbox.push(frames);
        frames = [];
      }
    }
    native.wasm._zws_batch_release();
  }

  /** For the Worker host: waits for a message, then packs up to
   * maxMessages waiting messages from libzmq into one transferable buffer
   * (one copy). Frame counts and lengths go in layout. */
  protected async receivePacked(maxMessages: number): Promise<{ buffer: ArrayBuffer; layout: number[] }> {
    this.assertUsable();
    if (this.receiving) {
      throw makeError("Socket is busy reading; only one receive operation may be in progress at any time", "EBUSY");
    }
    this.receiving = true;
    try {
      const deadline = this.deadline(ZMQ_RCVTIMEO);
      let count = this.pull(maxMessages);
      while (count === 0) {
        await this.waitFor(ZMQ_POLLIN, deadline);
        count = this.pull(maxMessages);
      }
      const { native } = this.rt;
      const u32 = native.u32;
      const desc = native.wasm._zws_batch_desc();
      const layout: number[] = [];
      let size = 0;
      let frames = 0;
      for (let i = 0; i < count; i++) {
        const at = desc + PART.sizeof * i;
        const length = u32[(at + PART.size) >> 2];
        size += length;
        layout.push(length);
        frames++;
        if (u32[(at + PART.more) >> 2] === 0) {
          layout.splice(layout.length - frames, 0, frames);
          frames = 0;
        }
      }
      const bytes = new Uint8Array(size);
      const u8 = native.u8;
      let at = 0;
      for (let i = 0; i < count; i++) {
        const part = desc + PART.sizeof * i;
        const ptr = u32[(part + PART.data) >> 2];
        const length = u32[(part + PART.size) >> 2];
        bytes.set(u8.subarray(ptr, ptr + length), at);
        at += length;
      }
      native.wasm._zws_batch_release();
      return { buffer: bytes.buffer, layout };
    } finally {
      this.receiving = false;
    }
  }

  /** Messages until the socket closes (readable sockets' async iterator). */
  protected async *messages(): AsyncGenerator<Frame[], undefined, undefined> {
    while (!this.isClosed) {
      try {
        yield await this.receiveMessage();
      } catch (error) {
        // Closing the socket ends the iteration.
        if (this.isClosed && (error as ZmqError).code === "EAGAIN") return undefined;
        throw error;
      }
    }
    return undefined;
  }

  // --- readiness ------------------------------------------------------------

  private events(): number {
    return this.getInt(ZMQ_EVENTS);
  }

  private deadline(option: number): number {
    const timeout = this.getInt(option);
    return timeout < 0 ? Infinity : performance.now() + timeout;
  }

  /** Resolves when ZMQ_EVENTS has one of the bits; rejects with EAGAIN at
   * the deadline or when the socket closes (close() wakes the wait). */
  private async waitFor(bits: number, deadline: number): Promise<void> {
    const { native } = this.rt;
    for (;;) {
      if (this.blocked) await this.blocked;
      if (this.isClosed) throw timedOut("the socket was closed");
      const seen = Atomics.load(native.i32, this.seqIndex);
      // Reading ZMQ_EVENTS also makes libzmq process its pending commands.
      if (this.events() & bits) return;
      const left = deadline - performance.now();
      if (left <= 0) throw timedOut("timed out");
      await sleepOn(native.i32, this.seqIndex, seen, left === Infinity ? undefined : left);
    }
  }

  // --- options ----------------------------------------------------------------

  /** Sets a socket option by its property name (see options.ts). */
  protected setOption(name: string, value: unknown): void {
    const spec = optionSpec(name);
    if (!spec) throw makeError(`Unknown socket option "${name}"`, "EINVAL");
    if (spec.readOnly) throw makeError(`Socket option "${name}" is read-only`, "EINVAL");
    if (spec.on && !spec.on.includes(this.socketType)) {
      throw makeError(`Socket option "${name}" does not apply to this socket type`, "EINVAL");
    }
    const problem = checkValue(name, spec, value);
    if (problem) throw makeError(problem, "EINVAL");
    this.assertUsable();
    const { native } = this.rt;
    const bytes = encodeOption(spec, value);
    const ptr = native.ensureScratch(Math.max(bytes.length, 8));
    native.u8.set(bytes, ptr);
    if (native.wasm._zmq_setsockopt(this.handle, spec.id, ptr, bytes.length) !== 0) {
      throw lastError(native, `Cannot set socket option "${name}" to ${describe(value)}`);
    }
  }

  protected getOption(name: string): unknown {
    const spec = optionSpec(name);
    if (!spec || spec.writeOnly) return undefined;
    if (this.isClosed) throw closedError();
    const { native } = this.rt;
    // CURVE keys come back as Z85 only when asked with room for 40 + NUL.
    const size = { int32: 4, bool: 4, int64: 8, key: 41, string: 1024, bytes: 256 }[spec.kind];
    const lenPtr = native.ensureScratch(size + 8); // the size_t first: aligned
    const ptr = lenPtr + 8;
    native.u32[lenPtr >> 2] = size;
    if (native.wasm._zmq_getsockopt(this.handle, spec.id, ptr, lenPtr) !== 0) {
      throw lastError(native, `Cannot read socket option "${name}"`);
    }
    return decodeOption(spec, native.u8.slice(ptr, ptr + native.u32[lenPtr >> 2]));
  }

  private getInt(option: number): number {
    const { native } = this.rt;
    const ptr = native.ensureScratch(16);
    native.u32[(ptr + 8) >> 2] = 4;
    if (native.wasm._zmq_getsockopt(this.handle, option, ptr, ptr + 8) !== 0) {
      throw lastError(native, "Cannot read socket state");
    }
    return native.i32[ptr >> 2];
  }

  /** ZMQ_SUBSCRIBE / ZMQ_UNSUBSCRIBE and other raw byte options. */
  protected setBytes(option: number, value: Uint8Array, what: string): void {
    this.assertUsable();
    const { native } = this.rt;
    const ptr = native.ensureScratch(Math.max(value.length, 1));
    native.u8.set(value, ptr);
    if (native.wasm._zmq_setsockopt(this.handle, option, ptr, value.length) !== 0) {
      throw lastError(native, what);
    }
  }

  protected setSubscription(subscribe: boolean, prefixes: Array<string | Uint8Array>): void {
    const option = subscribe ? ZMQ_SUBSCRIBE : ZMQ_UNSUBSCRIBE;
    const list = prefixes.length === 0 ? [""] : prefixes;
    for (const prefix of list) {
      if (typeof prefix !== "string" && !(prefix instanceof Uint8Array)) {
        throw makeError(`A subscription prefix must be a string or Uint8Array, got ${describe(prefix)}`, "EINVAL");
      }
      this.setBytes(option, toBytes(prefix, 0), `Cannot ${subscribe ? "subscribe" : "unsubscribe"}`);
    }
  }

  protected connectWithRoutingId(address: string, options: ConnectOptions & { routingId?: string | Uint8Array }): void {
    if (options.routingId !== undefined) this.setBytes(ZMQ_CONNECT_ROUTING_ID, toBytes(options.routingId, 0), "Cannot set routingId");
    this.connectTo(address, options.gateway);
  }

  private assertUsable(): void {
    if (this.isClosed) throw closedError();
    if (this.blocked) throw makeError("Socket is blocked by a bind or unbind operation", "EBUSY");
  }
}

/** The options every socket type has, as typed properties. */
export interface Socket extends SocketOptionProperties<number> {}

function optionSpec(name: string): OptionSpec | undefined {
  return Object.hasOwn(socketOptions, name) ? socketOptions[name as SocketOptionName] : undefined;
}

function checkAddress(address: unknown): asserts address is string {
  if (typeof address !== "string") {
    throw makeError(`An endpoint must be a string like "tcp://host:port", got ${describe(address)}`, "EINVAL");
  }
  // libzmq reads the endpoint as a C string: a NUL would silently cut it
  // ("inproc://a\0b" became "inproc://a").
  if (address.includes("\0")) {
    throw makeError(`An endpoint must not contain a NUL character, got ${JSON.stringify(address)}`, "EINVAL", 0, address);
  }
  // The runtime has no Unix domain sockets: bind failed with EAFNOSUPPORT,
  // but connect was accepted and then retried forever, silently.
  if (address.startsWith("ipc://")) {
    throw makeError(`Cannot use ${JSON.stringify(address)}: ipc:// is not available in zeromq-wasm (use tcp:// or inproc://)`, "EPROTONOSUPPORT", 0, address);
  }
  // libzmq 4.3.4 parses a tcp port with atoi() into 16 bits, so ":99999"
  // silently meant port 34463 and ":-1" port 65535.
  const port = /^tcp:\/\/.*:([^:\]]*)$/.exec(address)?.[1];
  if (port !== undefined && port !== "*" && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) {
    throw makeError(`Invalid port in ${JSON.stringify(address)}: use 1-65535 (or * to bind any)`, "EINVAL", 0, address);
  }
}

function timedOut(why: string): ZmqError {
  return makeError(`Operation was not possible or timed out (${why})`, "EAGAIN");
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

// Every option in the table becomes a typed property on Socket.
defineOptionProperties(Socket.prototype as never);
