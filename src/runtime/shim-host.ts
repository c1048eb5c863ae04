/**
 * The JS half of the transport shim (wasm/shim/zws_host.c is the C half):
 * it owns the network objects of every shim fd and moves bytes between
 * them and the rings in wasm memory. It sleeps in Atomics.waitAsync until
 * libzmq's threads hand it work (connect, listen, flush, resume, close).
 *
 * It also decides where a new connection goes: a per-endpoint gateway, the
 * runtime-wide gateway, or the runtime's own TCP (Node), in that order.
 */
import type { DirectRead, Endpoint, Listener, ListenerSink, Stream, StreamSink, Transport } from "../transport/types.js";
import {
  ZWS_OP_CLOSE as OP_CLOSE,
  ZWS_OP_CONNECT as OP_CONNECT,
  ZWS_OP_FLUSH as OP_FLUSH,
  ZWS_OP_LISTEN as OP_LISTEN,
  ZWS_OP_RESUME as OP_RESUME,
} from "./abi.js";
import type { Native, Ptr } from "./native.js";
import { sleepOn } from "./wait.js";

/** Inbound bytes a connection may hold outside the ring when its transport
 * cannot stop reading (a plain browser WebSocket). Past this the connection
 * is dropped, as a full kernel buffer would be; libzmq reconnects. */
const MAX_BACKLOG_BYTES = 16 << 20;

const EMPTY = new Uint8Array(0);

/** One connection: a transport stream bound to a shim fd's two rings. */
class Connection implements StreamSink {
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
  ) {}

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

  /** Reads land in the ring itself (see DirectRead). */
  readonly direct: DirectRead = {
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
    const { wasm } = this.native;
    while (!this.writeBlocked && this.stream) {
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

  close(): void {
    // What libzmq wrote before closing still goes out (its linger).
    this.writeBlocked = false;
    this.flush();
    this.closed = true;
    this.backlog = [];
    this.backlogBytes = 0;
    this.stream?.end();
    this.native.wasm._zws_host_release(this.fd);
  }
}

class ListenerEntry implements ListenerSink {
  listener: Listener | undefined;
  port = 0;

  constructor(
    private readonly host: ShimHost,
    readonly fd: number,
  ) {}

  listening(port: number): void {
    this.port = port;
    this.host.native.wasm._zws_host_listening(this.fd, port);
  }

  failed(code: string): void {
    this.host.native.wasm._zws_host_failed(this.fd, this.host.native.errno(code));
  }

  accepted(peer: Endpoint, stream: Stream): StreamSink | undefined {
    return this.host.adopt(this.fd, peer, stream);
  }

  close(done: () => void): void {
    if (this.listener) this.listener.close(done);
    else done();
    this.host.native.wasm._zws_host_release(this.fd);
  }
}

export class ShimHost {
  private readonly connections = new Map<number, Connection>();
  private readonly listeners = new Map<number, ListenerEntry>();
  /** Listeners libzmq closed whose port the OS has not released yet. */
  private readonly closingPorts = new Map<number, Array<() => void>>();
  private running = false;
  /** Where outgoing connections go when a gateway is configured. */
  private gateway: Transport | undefined;
  /** Per-target transports ("host:port"), from connect(address, { gateway }). */
  private readonly routes = new Map<string, Transport>();
  /** One 4-byte cell in wasm memory, allocated once, for the length the
   * ring calls return through a pointer (read right after each call). */
  private readonly lenCell: Ptr;

  /** direct: the runtime's own network (Node's TCP), if it has one. */
  constructor(
    readonly native: Native,
    private readonly direct: Transport | undefined,
  ) {
    this.lenCell = native.wasm._malloc(4);
    if (!this.lenCell) throw new Error("zeromq-wasm: out of wasm memory");
  }

  /** Whether this runtime can accept connections (tcp:// bind). */
  get canListen(): boolean {
    return this.direct?.listen !== undefined;
  }

  /** Resolves once no listener on port is open or closing: after unbind,
   * the port can be bound again. Gives up after timeoutMs. */
  whenPortFree(port: number, timeoutMs = 2000): Promise<void> {
    const listening = [...this.listeners.values()].some((listener) => listener.port === port);
    if (!listening && !this.closingPorts.has(port)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const waiters = this.closingPorts.get(port) ?? [];
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.closingPorts.set(port, waiters);
    });
  }

  /** Connections and the inbound bytes held outside the rings. */
  stats(): { connections: number; backlogBytes: number } {
    let backlogBytes = 0;
    for (const connection of this.connections.values()) backlogBytes += connection.backlogBytes;
    return { connections: this.connections.size, backlogBytes };
  }

  /** Sends new outgoing connections through a gateway transport (or, with
   * undefined, back through the runtime's own). */
  useGateway(gateway: Transport | undefined): void {
    this.gateway = gateway;
  }

  /** Sends connections to one target (a tcp:// endpoint's "host:port")
   * through its own transport, whatever the runtime-wide choice is. */
  route(target: string, transport: Transport): void {
    this.routes.set(target, transport);
  }

  /** Whether a connection to target ("host:port") has somewhere to go. */
  reaches(target: string): boolean {
    return this.routes.has(target) || this.gateway !== undefined || this.direct !== undefined;
  }

  /** The transport a new connection to target uses, if any. */
  private connectorFor(target: Endpoint): Transport | undefined {
    return this.routes.get(`${target.host}:${target.port}`) ?? this.gateway ?? this.direct;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    const wakeIndex = this.native.wasm._zws_host_wake_addr() >> 2;
    for (;;) {
      const seen = Atomics.load(this.native.i32, wakeIndex);
      this.drain();
      await sleepOn(this.native.i32, wakeIndex, seen);
    }
  }

  /** Runs all pending work now. */
  private drain(): void {
    const { wasm } = this.native;
    for (;;) {
      const packed = wasm._zws_host_next();
      if (packed === 0) return;
      this.handle(packed >> 8, packed & 0xff);
    }
  }

  private handle(fd: number, ops: number): void {
    if (ops & OP_CONNECT) this.connect(fd);
    if (ops & OP_LISTEN) this.listen(fd);
    const connection = this.connections.get(fd);
    if (connection) {
      if (ops & OP_RESUME) connection.resume();
      if (ops & OP_FLUSH) connection.flush();
      if (ops & OP_CLOSE) {
        this.connections.delete(fd);
        connection.close();
      }
    }
    if (ops & OP_CLOSE) {
      const listener = this.listeners.get(fd);
      if (listener) {
        this.listeners.delete(fd);
        const port = listener.port;
        this.closingPorts.set(port, this.closingPorts.get(port) ?? []);
        listener.close(() => {
          for (const wake of this.closingPorts.get(port) ?? []) wake();
          this.closingPorts.delete(port);
        });
      } else if (!connection) {
        this.native.wasm._zws_host_release(fd);
      }
    }
  }

  private endpoint(fd: number, remote: boolean): Endpoint {
    const { wasm } = this.native;
    return {
      host: wasm.UTF8ToString(wasm._zws_host_addr(fd, remote ? 1 : 0)),
      port: wasm._zws_host_port(fd, remote ? 1 : 0),
    };
  }

  private connect(fd: number): void {
    const connection = new Connection(this.native, fd, this.lenCell);
    this.connections.set(fd, connection);
    try {
      const target = this.endpoint(fd, true);
      const connector = this.connectorFor(target);
      // No way out (a gateway was unset after connect): refused, and
      // libzmq retries, as it would against a closed port.
      if (!connector) return connection.failed("EHOSTUNREACH");
      connection.stream = connector.connect(target, connection);
    } catch (error) {
      connection.failed(codeOf(error, "ECONNREFUSED"));
    }
  }

  private listen(fd: number): void {
    const entry = new ListenerEntry(this, fd);
    this.listeners.set(fd, entry);
    try {
      if (!this.direct?.listen) return entry.failed("EOPNOTSUPP");
      entry.listener = this.direct.listen(this.endpoint(fd, false), entry);
    } catch (error) {
      entry.failed(codeOf(error, "EOPNOTSUPP"));
    }
  }

  /** A listener accepted a connection: give it a shim fd. */
  adopt(listenerFd: number, peer: Endpoint, stream: Stream): StreamSink | undefined {
    const fd = this.native.wasm._zws_host_accepted(listenerFd, this.native.cString(peer.host), peer.port);
    if (fd < 0) return undefined;
    const connection = new Connection(this.native, fd, this.lenCell);
    connection.stream = stream;
    connection.useOsFd();
    this.connections.set(fd, connection);
    return connection;
  }
}

function codeOf(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : fallback;
}
