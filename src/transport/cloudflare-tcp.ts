/**
 * TCP in Cloudflare's workerd (Workers): outgoing connections through its
 * connect() socket API, which the loader (runtime/load-workerd.ts) passes
 * in. Workers cannot listen: there is no listen() here, so a tcp:// bind
 * fails with ENOTSUP as on a page.
 */
import { pipeConnection } from "./byte-streams.js";
import type { Endpoint, Stream, StreamSink, Transport } from "./types.js";

/** The part of `cloudflare:sockets` used here. */
export interface CloudflareSocket {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly opened: Promise<unknown>;
  readonly closed: Promise<void>;
  close(): Promise<void>;
}
export type CloudflareConnect = (
  address: { hostname: string; port: number },
  options?: { secureTransport?: "off" | "on" | "starttls"; allowHalfOpen?: boolean },
) => CloudflareSocket;

/** workerd's errors carry no errno: name the few it tells apart. */
function errnoName(error: unknown): string {
  const text = String((error as { message?: unknown })?.message ?? error).toLowerCase();
  if (text.includes("refused")) return "ECONNREFUSED";
  if (text.includes("unreachable") || text.includes("dns") || text.includes("lookup")) return "EHOSTUNREACH";
  if (text.includes("timed out")) return "ETIMEDOUT";
  // Blocked destinations (a private address the worker may not reach, a
  // port workerd refuses) read as refused to libzmq, which retries.
  return "ECONNREFUSED";
}

export class CloudflareTcpTransport implements Transport {
  readonly name = "tcp";

  constructor(private readonly connectSocket: CloudflareConnect) {}

  connect(target: Endpoint, sink: StreamSink): Stream {
    let socket: CloudflareSocket;
    try {
      socket = this.connectSocket({ hostname: target.host, port: target.port }, { secureTransport: "off", allowHalfOpen: false });
    } catch (error) {
      // connect() throws at once for a destination it will never allow.
      queueMicrotask(() => sink.failed(errnoName(error)));
      return { write: () => true, pause() {}, resume() {}, end() {} };
    }
    return pipeConnection(
      {
        opened: socket.opened.then(() => ({ readable: socket.readable, writable: socket.writable })),
        closed: socket.closed,
        close: () => void socket.close().catch(() => {}),
        refusal: errnoName,
      },
      sink,
    );
  }
}
