/**
 * The one interface between the shim's host loop (runtime/shim-host.ts) and
 * a network: Node TCP (node-tcp.ts) or WebSockets to a gateway
 * (websocket.ts). A transport moves opaque bytes; it never sees ZMTP.
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
  /** Close after pending writes are sent. */
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

export interface Transport {
  /** Short name for errors and logs: "tcp", "websocket". */
  readonly name: string;
  connect(target: Endpoint, sink: StreamSink): Stream;
  /** Absent where listening is impossible (WebSockets from a browser). */
  listen?(local: Endpoint, sink: ListenerSink): Listener;
  /** Listens before returning, for bindSync: the sink's listening() has
   * run when it returns; a failure throws an Error whose `code` is the
   * errno name. Absent where the runtime cannot listen synchronously. */
  listenSync?(local: Endpoint, sink: ListenerSink): Listener;
}
