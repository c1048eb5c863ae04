/**
 * One connection of the transport shim: a transport stream (a Node socket,
 * a WebSocket) bound to a shim fd's two rings in wasm memory. Inbound bytes
 * go into the ring (straight from the socket where the transport can read
 * into it), with bounded backpressure; outbound bytes leave the ring in
 * order, or libzmq's thread writes them to the kernel itself (Node).
 */
import type { DirectRead, Stream, StreamSink } from "../transport/types.js";
import type { Native, Ptr } from "./native.js";

/** Inbound bytes a connection may hold outside the ring when its transport
 * cannot stop reading (a plain browser WebSocket). Past this the connection
 * is dropped, as a full kernel buffer would be; libzmq reconnects. */
const MAX_BACKLOG_BYTES = 16 << 20;

const EMPTY = new Uint8Array(0);

/** One connection: a transport stream bound to a shim fd's two rings. */
export class Connection implements StreamSink {
  stream: Stream | undefined;
  /** Inbound bytes that did not fit in the ring; the stream is paused. */
  private backlog: Uint8Array[] = [];
  backlogBytes = 0;
  private eofPending = false;
  private writeBlocked = false;
  private closed = false;

  constructor(
    private readonly native: Native,
    readonly fd: number,
    /** Where in_reserve/out_peek write their length (Host.lenCell). */
    private readonly lenCell: Ptr,
  ) {
    this.direct = native.sharedMemory ? this.directRead() : undefined;
  }

  opened(): void {
    this.useOsFd();
    this.native.wasm._zws_host_connected(this.fd);
  }

  /** Lets libzmq's thread write the kernel socket itself (Node). */
  useOsFd(): void {
    const osFd = this.stream?.osFd;
    if (osFd !== undefined) this.native.wasm._zws_host_set_os_fd(this.fd, osFd);
  }

  data(chunk: Uint8Array): void {
    if (this.closed) return;
    if (this.backlog.length > 0) {
      this.hold(chunk);
      return;
    }
    const rest = this.push(chunk);
    if (rest) {
      this.hold(rest);
      this.stream?.pause();
      if (!this.native.wasm._zws_host_in_pause(this.fd)) this.resume();
    }
  }

  private hold(chunk: Uint8Array): void {
    this.backlog.push(chunk);
    this.backlogBytes += chunk.length;
    if (this.backlogBytes > MAX_BACKLOG_BYTES) {
      this.failed("ENOBUFS");
      this.backlog = [];
      this.backlogBytes = 0;
      this.stream?.end();
    }
  }

  /** The inbound ring's next contiguous free space (empty when full). */
  private inboundSpace(): Uint8Array {
    const at = this.native.wasm._zws_host_in_reserve(this.fd, this.lenCell);
    return this.native.u8.subarray(at, at + this.native.u32[this.lenCell >> 2]);
  }

  /** The outbound ring's next contiguous bytes (empty when drained). */
  private outboundBytes(): Uint8Array {
    const at = this.native.wasm._zws_host_out_peek(this.fd, this.lenCell);
    return this.native.u8.subarray(at, at + this.native.u32[this.lenCell >> 2]);
  }

  /** Reads land in the ring itself (see DirectRead). Only on shared
   * memory: a transport keeps the view it was given until bytes arrive, and
   * growing plain (unshared) wasm memory detaches every view on it, so the
   * build without threads reads into the transport's own buffers. */
  readonly direct: DirectRead | undefined;

  private directRead(): DirectRead {
    return {
    space: () => (this.closed || this.backlog.length > 0 ? EMPTY : this.inboundSpace()),
    filled: (n) => {
      if (this.closed || n <= 0) return true;
      const { wasm } = this.native;
      wasm._zws_host_in_commit(this.fd, n);
      wasm._zws_host_in_wake(this.fd);
      if (this.inboundSpace().length > 0) return true;
      // Full: stop reading until libzmq has taken some (OP_RESUME), unless
      // it already has.
      return !wasm._zws_host_in_pause(this.fd);
    },
    };
  }

  /** Copies as much of chunk as fits into the inbound ring, then wakes
   * libzmq's reader once; returns the part that did not fit. */
  private push(chunk: Uint8Array): Uint8Array | undefined {
    const { wasm } = this.native;
    let offset = 0;
    while (offset < chunk.length) {
      const space = this.inboundSpace();
      if (space.length === 0) break;
      const n = Math.min(space.length, chunk.length - offset);
      space.set(chunk.subarray(offset, offset + n));
      wasm._zws_host_in_commit(this.fd, n);
      offset += n;
    }
    if (offset > 0) wasm._zws_host_in_wake(this.fd);
    return offset < chunk.length ? chunk.subarray(offset) : undefined;
  }

  /** The ring has room again: deliver the backlog, then read on. */
  resume(): void {
    while (this.backlog.length > 0) {
      const first = this.backlog[0];
      const rest = this.push(first);
      this.backlogBytes -= first.length - (rest?.length ?? 0);
      if (rest) {
        this.backlog[0] = rest;
        if (!this.native.wasm._zws_host_in_pause(this.fd)) continue;
        return;
      }
      this.backlog.shift();
    }
    if (this.eofPending) {
      this.eofPending = false;
      this.native.wasm._zws_host_eof(this.fd);
    }
    this.stream?.resume();
  }

  drained(): void {
    this.writeBlocked = false;
    this.flush();
  }

  flushed(): void {
    if (this.closed || this.writeBlocked) return;
    if (this.outboundBytes().length === 0) this.native.wasm._zws_host_set_idle(this.fd, 1);
  }

  ended(): void {
    if (this.closed) return;
    if (this.backlog.length > 0) this.eofPending = true;
    else this.native.wasm._zws_host_eof(this.fd);
  }

  failed(code: string): void {
    if (this.closed) return;
    this.native.wasm._zws_host_failed(this.fd, this.native.errno(code));
  }

  /** Sends what libzmq put in the outbound ring. */
  flush(): void {
    this.send(false);
  }

  /** all: past the transport's backpressure too (closing: the ring goes). */
  private send(all: boolean): void {
    const { wasm } = this.native;
    while ((all || !this.writeBlocked) && this.stream && !this.closed) {
      const pending = this.outboundBytes();
      if (pending.length === 0) return;
      // From now on libzmq's thread leaves the kernel socket to us, until
      // flushed() says our writes are out.
      wasm._zws_host_set_idle(this.fd, 0);
      // A copy: the ring is reused, and transports cannot send shared memory.
      const chunk = pending.slice();
      wasm._zws_host_out_consume(this.fd, chunk.length);
      if (!this.stream.write(chunk)) this.writeBlocked = true;
    }
  }

  /** libzmq aborted: the connection ends now, without a word to wasm. */
  abandon(): void {
    this.closed = true;
    this.backlog = [];
    this.backlogBytes = 0;
    this.stream?.end();
  }

  close(): void {
    // What libzmq wrote before closing still goes out (its linger), all of
    // it: the release below frees the rings.
    this.send(true);
    this.closed = true;
    this.backlog = [];
    this.backlogBytes = 0;
    this.stream?.end();
    this.native.wasm._zws_host_release(this.fd);
  }
}
