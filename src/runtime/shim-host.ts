/**
 * The JS half of the transport shim (wasm/shim/zws_host.c is the C half):
 * it owns the network objects of every shim fd and moves bytes between
 * them and the rings in wasm memory. It sleeps in Atomics.waitAsync until
 * libzmq's threads hand it work (connect, listen, flush, resume, close).
 *
 * It also decides where a new connection goes: a per-endpoint gateway, the
 * runtime-wide gateway, or the runtime's own TCP (Node), in that order.
 */
import type { Endpoint, Listener, ListenerSink, Stream, StreamSink, Transport } from "../transport/types.js";
import type { WebSocketConstructor } from "../transport/websocket.js";
import {
  ZWS_OP_BIND as OP_BIND,
  ZWS_OP_CLOSE as OP_CLOSE,
  ZWS_OP_CONNECT as OP_CONNECT,
  ZWS_OP_FLUSH as OP_FLUSH,
  ZWS_OP_LISTEN as OP_LISTEN,
  ZWS_OP_RESUME as OP_RESUME,
  ZWS_OP_SEND as OP_SEND,
} from "./abi.js";
import type { Native, Ptr } from "./native.js";
import { gatewayTransport } from "./gateway-transport.js";
import { Connection } from "./shim-connection.js";
import { AddressOf, DatagramEntry, endpointOf, MAX_DATAGRAM } from "./shim-datagram.js";
import { sleepOn } from "./wait.js";

class ListenerEntry implements ListenerSink {
  listener: Listener | undefined;
  port = 0;

  constructor(
    private readonly host: ShimHost,
    /** -1 until an fd takes it over (ShimHost.listenFirst). */
    public fd: number,
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
  private readonly datagrams = new Map<number, DatagramEntry>();
  /** Wasm memory every datagram passes through (MAX_DATAGRAM bytes),
   * allocated with the first datagram fd. */
  private datagramScratch: Ptr = 0;
  /** Listeners opened by listenFirst, by port, until an fd takes them. */
  private readonly listenedFirst = new Map<number, ListenerEntry>();
  /** Listeners libzmq closed whose port the OS has not released yet. */
  private readonly closingPorts = new Map<number, Array<() => void>>();
  private running = false;
  /** Where outgoing connections go when a gateway is configured. */
  private gateway: Transport | undefined;
  /** Per-target transports ("host:port"), from connect(address, { gateway }). */
  private readonly routes = new Map<string, Transport>();
  /** The WebSocket class configure() gave, for gateways made later too. */
  private webSocket: WebSocketConstructor | undefined;
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
    native.guard.onAbort(() => this.abandon());
  }

  /** libzmq aborted: every connection, listener and datagram socket is
   * closed at once (peers see it), without a word to wasm. */
  private abandon(): void {
    for (const connection of this.connections.values()) connection.abandon();
    for (const entry of [...this.listeners.values(), ...this.listenedFirst.values()]) entry.listener?.close(() => {});
    for (const datagram of this.datagrams.values()) datagram.close();
    this.connections.clear();
    this.listeners.clear();
    this.listenedFirst.clear();
    this.datagrams.clear();
  }

  /** Whether this runtime can accept connections (tcp:// bind). */
  get canListen(): boolean {
    return this.direct?.listen !== undefined;
  }

  /** Whether this runtime has UDP (udp:// bind and connect). */
  get canUdp(): boolean {
    return this.direct?.datagrams !== undefined;
  }

  /** Resolves once no listener on port is open or closing: after unbind,
   * the port can be bound again. Gives up after timeoutMs. */
  whenPortFree(port: number, timeoutMs = 2000): Promise<void> {
    const listening = this.listenedFirst.has(port) || [...this.listeners.values()].some((listener) => listener.port === port);
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

  /** Runtime-wide: new outgoing connections go through the gateway at
   * `gateway` (a base URL), or with null through the runtime's own
   * network. WebSocket: the class for gateways, where the runtime has none. */
  configure(config: { gateway?: string | null; WebSocket?: WebSocketConstructor }): void {
    if (config.WebSocket) this.webSocket = config.WebSocket;
    if (config.gateway !== undefined) this.gateway = config.gateway === null ? undefined : gatewayTransport(config.gateway, this.webSocket);
  }

  /** Routes connections to target (a tcp:// endpoint's "host:port")
   * through `gateway` if given, whatever the runtime-wide choice is.
   * Returns whether such a connection has anywhere to go. */
  route(target: string, gateway?: string): boolean {
    if (gateway !== undefined) this.routes.set(target, gatewayTransport(gateway, this.webSocket));
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
    // An abort wakes the loop, which then ends.
    this.native.guard.onAbort(() => void Atomics.notify(this.native.i32, wakeIndex));
    while (!this.native.guard.aborted) {
      const seen = Atomics.load(this.native.i32, wakeIndex);
      try {
        this.drain();
      } catch (error) {
        if (this.native.guard.aborted) return;
        throw error;
      }
      await sleepOn(this.native.i32, wakeIndex, seen);
    }
  }

  /** Runs all pending work now; returns whether there was any. (Without
   * threads the scheduler calls this after each run of libzmq.) */
  drain(): boolean {
    const { wasm } = this.native;
    let worked = false;
    for (;;) {
      const packed = wasm._zws_host_next();
      if (packed === 0) return worked;
      worked = true;
      this.handle(packed >> 8, packed & 0xff);
    }
  }

  /**
   * Without threads, nothing can wait inside libzmq's bind for the listen:
   * the API listens here first, then binds libzmq to the port it got, and
   * the shim's listen() takes this listener over (see listen below).
   * Resolves to the port; rejects with an errno name (EADDRINUSE, ...).
   */
  listenFirst(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.openFirst((direct, local, sink) => direct.listen?.(local, sink), host, port, resolve, (code) =>
        reject(Object.assign(new Error(code), { code })),
      );
    });
  }

  /** listenFirst, done before returning (bindSync): returns the port;
   * throws an Error whose `code` is the errno name. */
  listenFirstSync(host: string, port: number): number {
    let bound: number | undefined;
    this.openFirst((direct, local, sink) => direct.listenSync?.(local, sink), host, port, (port) => (bound = port), (code) => {
      throw Object.assign(new Error(code), { code });
    });
    return bound!;
  }

  /** Opens a listener (by `open`) that an fd takes over later. */
  private openFirst(
    open: (direct: Transport, local: Endpoint, sink: ListenerSink) => Listener | undefined,
    host: string,
    port: number,
    listening: (port: number) => void,
    failed: (code: string) => void,
  ): void {
    const entry = new ListenerEntry(this, -1);
    const sink: ListenerSink = {
      listening: (bound) => {
        entry.port = bound;
        this.listenedFirst.set(bound, entry);
        listening(bound);
      },
      failed,
      // Taken over by an fd before any connection can arrive (the bind
      // follows in the same task); refuse one that comes earlier.
      accepted: (peer, stream) => (entry.fd < 0 ? undefined : entry.accepted(peer, stream)),
    };
    const listener = this.direct && open(this.direct, { host, port }, sink);
    if (!listener) return failed("EOPNOTSUPP");
    entry.listener = listener;
  }

  /** A listener from listenFirst that libzmq did not take (its bind
   * failed): closed. */
  dropListenedFirst(port: number): void {
    const entry = this.listenedFirst.get(port);
    this.listenedFirst.delete(port);
    entry?.listener?.close(() => {});
  }

  private handle(fd: number, ops: number): void {
    if (ops & (OP_BIND | OP_SEND)) this.datagram(fd, ops);
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
      } else if (this.datagrams.has(fd)) {
        this.datagrams.get(fd)!.close();
        this.datagrams.delete(fd);
      } else if (!connection) {
        this.native.wasm._zws_host_release(fd);
      }
    }
  }

  private endpoint(fd: number, remote: boolean): Endpoint {
    return endpointOf(this.native, fd, remote ? AddressOf.Remote : AddressOf.Local);
  }

  /** A datagram fd (udp://) was bound or has datagrams to send. */
  private datagram(fd: number, ops: number): void {
    let entry = this.datagrams.get(fd);
    if (!entry) {
      const direct = this.direct;
      // The API refuses udp:// where the runtime has no UDP (canUdp);
      // libzmq's C tests reach here anyway: fail the fd as unreachable.
      if (!direct?.datagrams) return this.native.wasm._zws_host_failed(fd, this.native.errno("EAFNOSUPPORT"));
      this.datagramScratch ||= this.native.wasm._malloc(MAX_DATAGRAM);
      if (!this.datagramScratch) return this.native.wasm._zws_host_failed(fd, this.native.errno("ENOMEM"));
      entry = new DatagramEntry(this.native, fd, direct.datagrams.bind(direct), this.datagramScratch);
      this.datagrams.set(fd, entry);
    }
    if (ops & OP_BIND) entry.bind();
    if (ops & OP_SEND) entry.flush();
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
    const first = this.listenedFirst.get(this.native.wasm._zws_host_port(fd, 0));
    if (first) {
      this.listenedFirst.delete(first.port);
      first.fd = fd;
      this.listeners.set(fd, first);
      first.listening(first.port);
      return;
    }
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
