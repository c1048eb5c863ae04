/**
 * libzmq's socket monitor, read in this thread: zmq_socket_monitor
 * publishes a socket's events on an inproc PAIR, two frames each (event
 * number and value, then the endpoint), and a PAIR of ours reads them and
 * decodes them into what zeromq.js's Event holds. A page's Worker serves
 * these to the page's Observer (browser/worker.ts).
 */
import { errnoText, linuxErrno } from "../errno.js";
import type { Frame } from "../frames.js";
import type { Native, Ptr } from "../runtime/native.js";
import type { MonitorBackend, MonitorEvent, MonitorEventError, SocketBackend } from "./types.js";

const ZMQ_EVENT_ALL = 0xffff;
const ZMQ_EVENT_CONNECT_RETRIED = 0x0004;
const ZMQ_EVENT_BIND_FAILED = 0x0010;
const ZMQ_EVENT_ACCEPT_FAILED = 0x0040;
const ZMQ_EVENT_CLOSE_FAILED = 0x0100;
const ZMQ_EVENT_MONITOR_STOPPED = 0x0400;
const ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL = 0x0800;
const ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL = 0x2000;
const ZMQ_EVENT_HANDSHAKE_FAILED_AUTH = 0x4000;

/** libzmq's events by the names zeromq.js gives them. */
const eventNames = new Map<number, string>([
  [0x0001, "connect"],
  [0x0002, "connect:delay"],
  [ZMQ_EVENT_CONNECT_RETRIED, "connect:retry"],
  [0x0008, "bind"],
  [ZMQ_EVENT_BIND_FAILED, "bind:error"],
  [0x0020, "accept"],
  [ZMQ_EVENT_ACCEPT_FAILED, "accept:error"],
  [0x0080, "close"],
  [ZMQ_EVENT_CLOSE_FAILED, "close:error"],
  [0x0200, "disconnect"],
  [ZMQ_EVENT_MONITOR_STOPPED, "end"],
  [ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, "handshake:error:other"],
  [0x1000, "handshake"],
  [ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, "handshake:error:protocol"],
  [ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, "handshake:error:auth"],
]);

/** Events whose value is an errno. */
const errnoEvents = new Set([ZMQ_EVENT_BIND_FAILED, ZMQ_EVENT_ACCEPT_FAILED, ZMQ_EVENT_CLOSE_FAILED, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL]);

/** ZMQ_PROTOCOL_ERROR_* values by their names after the prefix. */
const protocolErrors = new Map<number, string>([
  [0x10000000, "ZMTP_UNSPECIFIED"],
  [0x10000001, "ZMTP_UNEXPECTED_COMMAND"],
  [0x10000002, "ZMTP_INVALID_SEQUENCE"],
  [0x10000003, "ZMTP_KEY_EXCHANGE"],
  [0x10000011, "ZMTP_MALFORMED_COMMAND_UNSPECIFIED"],
  [0x10000012, "ZMTP_MALFORMED_COMMAND_MESSAGE"],
  [0x10000013, "ZMTP_MALFORMED_COMMAND_HELLO"],
  [0x10000014, "ZMTP_MALFORMED_COMMAND_INITIATE"],
  [0x10000015, "ZMTP_MALFORMED_COMMAND_ERROR"],
  [0x10000016, "ZMTP_MALFORMED_COMMAND_READY"],
  [0x10000017, "ZMTP_MALFORMED_COMMAND_WELCOME"],
  [0x10000018, "ZMTP_INVALID_METADATA"],
  [0x11000001, "ZMTP_CRYPTOGRAPHIC"],
  [0x11000002, "ZMTP_MECHANISM_MISMATCH"],
  [0x20000000, "ZAP_UNSPECIFIED"],
  [0x20000001, "ZAP_MALFORMED_REPLY"],
  [0x20000002, "ZAP_BAD_REQUEST_ID"],
  [0x20000003, "ZAP_BAD_VERSION"],
  [0x20000004, "ZAP_INVALID_STATUS_CODE"],
  [0x20000005, "ZAP_INVALID_METADATA"],
]);

/** ZAP status codes as zeromq.js words them. */
const authErrors = new Map([
  [300, "Temporary error"],
  [400, "Authentication failure"],
  [500, "Internal error"],
]);

let monitors = 0;
const textDecoder = new TextDecoder();

export class WasmMonitor implements MonitorBackend {
  readonly #reader: SocketBackend;
  /** Messages as the reader hands them over, then decoded into #queue. */
  readonly #frames: Frame[][] = [];
  readonly #queue: MonitorEvent[] = [];
  #waiting: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #closed = false;
  /** libzmq's monitor sent its last event ("end"). */
  #ended = false;

  /** reader: a new PAIR socket in the target's context, with no receive
   * high-water mark (see close()). stop: ends libzmq's monitor now; false
   * if it cannot, because the target is closed but libzmq has not yet
   * stopped the monitor (it does when it has finished the socket). */
  constructor(
    private readonly native: Native,
    target: Ptr,
    reader: SocketBackend,
    private readonly stop: () => boolean,
  ) {
    this.#reader = reader;
    // The target's address in memory keeps names apart between threads
    // that share libzmq; the count, between monitors of one socket.
    const address = `inproc://zeromq-wasm.monitor.${target}.${++monitors}`;
    if (native.wasm._zmq_socket_monitor(target, native.cString(address), ZMQ_EVENT_ALL) !== 0) {
      const error = native.lastErrorFor({ operation: "monitor" });
      reader.close();
      throw error;
    }
    reader.connect(address, {});
  }

  /** An event libzmq would have reported had it run the operation: a tcp
   * bind that failed while listening first (wasm-socket.ts). It follows
   * what libzmq has reported so far. */
  report(event: MonitorEvent): void {
    if (this.#closed) return;
    this.#take();
    this.#queue.push(event);
    this.#wake?.();
  }

  async next(): Promise<MonitorEvent | undefined> {
    for (;;) {
      // libzmq aborted: its monitor is gone; the socket closed with it.
      if (this.native.guard.aborted && !this.#closed) {
        this.#closed = true;
        this.#queue.length = 0;
        this.#reader.close();
        return { type: "end" };
      }
      // The end event is still given after the monitor closed itself on it.
      const event = this.#queue.shift();
      if (event) return event;
      if (this.#closed) return undefined;
      this.#take();
      if (this.#queue.length > 0) continue;
      // One wait on the reader at a time, outliving a report() that wakes
      // this loop first: what it reads is taken all the same.
      this.#waiting ??= this.#reader.wait(this.#frames).then(
        () => void (this.#waiting = undefined),
        () => void (this.#waiting = undefined),
      );
      await Promise.race([this.#waiting, new Promise<void>((resolve) => (this.#wake = resolve))]);
      this.#wake = undefined;
    }
  }

  /** libzmq sends events with blocking sends: without a reader, or with
   * the reader's queue full, they would block the socket's I/O turn (this
   * whole thread, without threads). So the reader has no high-water mark,
   * and it closes only once libzmq's monitor has stopped. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#wake?.();
    if (this.native.guard.aborted) return this.#reader.close();
    if (this.#ended) return this.#reader.close();
    this.#queue.length = 0;
    if (this.stop()) this.#reader.close();
    else this.#closeAfterEnd();
  }

  /** The target is closed and libzmq will stop the monitor (sending "end")
   * once it has finished the socket: the reader stays until then. It looks
   * now and then, not with a wait, which would keep Node running. */
  #closeAfterEnd(): void {
    let ended: boolean;
    try {
      this.#reader.take(this.#frames);
      ended = this.#frames.some(([head]) => eventId(head) === ZMQ_EVENT_MONITOR_STOPPED);
    } catch {
      ended = true; // the context is gone: nothing more will come
    }
    this.#frames.length = 0;
    if (ended) return this.#reader.close();
    const timer = setTimeout(() => this.#closeAfterEnd(), 50) as { unref?: () => void };
    timer.unref?.();
  }

  /** Decodes what the reader has into the queue. */
  #take(): void {
    try {
      this.#reader.take(this.#frames);
    } catch {
      // Only a terminated context fails here; the next wait reports it.
    }
    for (const message of this.#frames.splice(0)) this.#queue.push(this.#decode(message));
  }

  #decode([head, endpoint]: Frame[]): MonitorEvent {
    const id = eventId(head);
    const value = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(2, true);
    const event: MonitorEvent = { type: eventNames.get(id) ?? "unknown" };
    if (endpoint && endpoint.length > 0) event.address = textDecoder.decode(endpoint);
    if (id === ZMQ_EVENT_CONNECT_RETRIED) event.interval = value;
    else if (errnoEvents.has(id)) event.error = this.errnoError(value);
    else if (id === ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL) event.error = protocolError(value);
    else if (id === ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) event.error = { message: authErrors.get(value) ?? "Unknown error", status: value };
    else if (id === ZMQ_EVENT_MONITOR_STOPPED) {
      // The socket is gone: nothing more will come.
      this.#ended = true;
      this.close();
    }
    return event;
  }

  /** An errno as zeromq.js reports it in an event: its text, name, value. */
  errnoError(errno: number): MonitorEventError {
    const code = this.native.errnoName(errno) || `E${errno}`;
    return { message: errnoText(code) ?? this.native.strerror(errno), errno: linuxErrno(code) ?? errno, code };
  }
}

function eventId(head: Frame): number {
  return new DataView(head.buffer, head.byteOffset, head.byteLength).getUint16(0, true);
}

function protocolError(value: number): MonitorEventError {
  const name = protocolErrors.get(value);
  if (!name) return { message: "Unknown error", code: "ERR_UNKNOWN" };
  return { message: `${name.slice(0, name.indexOf("_"))} protocol error`, code: `ERR_${name}` };
}
