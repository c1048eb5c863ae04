/**
 * The one interface between the shim's host loop (runtime/shim-host.ts) and
 * a network: Node TCP and UDP (node-tcp.ts, node-udp.ts) or WebSockets to a
 * gateway (websocket.ts). A transport moves opaque bytes and datagrams; it
 * never sees ZMTP.
 *
 * transport/ is the bottom layer: it imports nothing of ours.
 */

export interface Endpoint {
  /** A host name, an IPv4 address, or an IPv6 address without brackets. */
  host: string;
  port: number;
}

/** What a transport reports about one connection. */
export interface StreamSink {
  opened(): void;
  data(chunk: Uint8Array): void;
  /** The transport can take more writes after write() returned false. */
  drained(): void;
  /** Everything written so far has been handed to the OS. */
  flushed(): void;
  /** The peer closed its side. */
  ended(): void;
  /** An errno name: "ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", ... */
  failed(code: string): void;
  /** Optional, instead of data(): a transport that can read into memory it
   * is given (Node's net `onread`) reads straight into the connection's
   * inbound ring, saving a copy and an allocation per chunk. */
  readonly direct?: DirectRead;
}

export interface DirectRead {
  /** Free contiguous space for the next read; empty when there is none
   * (the transport then reads into its own buffer and calls data()). */
  space(): Uint8Array;
  /** n bytes were read into the last space(). Returns false to pause
   * reading until resume(). */
  filled(n: number): boolean;
}

/** One connection, as the host drives it. */
export interface Stream {
  /** Takes ownership of chunk. Returns false when the caller should wait
   * for drained() before writing more. */
  write(chunk: Uint8Array): boolean;
  /** Stop / restart delivering data (inbound backpressure). */
  pause(): void;
  resume(): void;
  /** Close after pending writes are sent. From now on the transport
   * touches no space() its sink's DirectRead gave (that memory is freed). */
  end(): void;
  /** Node: the kernel socket's fd once open, which libzmq's I/O thread may
   * write directly while nothing written through write() is pending. */
  readonly osFd?: number;
}

/** What a transport reports about one listener. */
export interface ListenerSink {
  listening(port: number): void;
  failed(code: string): void;
  /** A peer connected. Returns the sink for its events, or undefined to
   * refuse it (the transport then drops it). */
  accepted(peer: Endpoint, stream: Stream): StreamSink | undefined;
}

export interface Listener {
  /** Stops listening; done runs once the port is free again. */
  close(done: () => void): void;
}

/** What a transport reports about one datagram socket. */
export interface DatagramSink {
  /** Bound to port (only when opened with a local endpoint). */
  listening(port: number): void;
  /** A datagram arrived from `from`. */
  message(data: Uint8Array, from: Endpoint): void;
  /** An errno name: "EADDRINUSE", "EACCES", ... (binding failed). */
  failed(code: string): void;
}

/** One datagram socket, as the host drives it. */
export interface Datagrams {
  /** Fire and forget, as UDP: a datagram that cannot go is lost. */
  send(data: Uint8Array, to: Endpoint): void;
  close(): void;
}

export interface Transport {
  /** Short name for errors and logs: "tcp", "websocket". */
  readonly name: string;
  connect(target: Endpoint, sink: StreamSink): Stream;
  /** Absent where listening is impossible (WebSockets from a browser). */
  listen?(local: Endpoint, sink: ListenerSink): Listener;
  /** UDP, where the runtime has it (Node, Deno, Bun): a socket of that IP
   * version, bound to `local` if given (else to an ephemeral port, at its
   * first send). */
  datagrams?(ipVersion: 4 | 6, local: Endpoint | undefined, sink: DatagramSink): Datagrams;
  /** Listens before returning, for bindSync: the sink's listening() has
   * run when it returns; a failure throws an Error whose `code` is the
   * errno name. Absent where the runtime cannot listen synchronously. */
  listenSync?(local: Endpoint, sink: ListenerSink): Listener;
}
