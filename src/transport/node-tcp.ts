/**
 * Real TCP in Node (net): libzmq's tcp:// connect and bind, no gateway
 * (and its UDP, node-udp.ts).
 * Handles are unref'd: an open connection alone does not keep the process
 * alive (pending API operations do, see runtime/keepalive.ts).
 */
import * as net from "node:net";
import * as util from "node:util";
import { nodeDatagrams } from "./node-udp.js";
import type { Endpoint, Listener, ListenerSink, Stream, StreamSink, Transport } from "./types.js";

function errnoName(error: NodeJS.ErrnoException): string {
  const code = error.code ?? "";
  // DNS failures have no errno of their own in libzmq's world.
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_FAIL") return "EHOSTUNREACH";
  return /^E[A-Z]+$/.test(code) ? code : "ECONNRESET";
}

/** Options for net.connect that read straight into the sink's ring
 * (Node's `onread`); a full ring falls back to a scratch buffer and data().
 * detach() ends that once the stream is closed: Node keeps the buffer it
 * was given for the next read, and the ring is freed with the connection. */
function directReads(sink: StreamSink): { options: Pick<net.NetConnectOpts, "onread">; detach(socket: net.Socket): void } {
  const direct = sink.direct;
  if (!direct) return { options: {}, detach() {} };
  const scratch = Buffer.allocUnsafe(64 * 1024);
  let inScratch = false;
  let detached = false;
  return {
    options: {
      onread: {
        buffer: () => {
          const space = detached ? scratch.subarray(0, 0) : direct.space();
          inScratch = space.length === 0;
          return inScratch ? scratch : space;
        },
        callback: (n: number) => {
          if (detached) return true; // closed: what still arrives is dropped
          if (!inScratch) return direct.filled(n);
          sink.data(Buffer.from(scratch.subarray(0, n))); // a copy: scratch is reused
          return true;
        },
      },
    },
    detach: (socket) => {
      detached = true;
      // The handle's next read would land in the last ring space it got.
      (socket as unknown as { _handle?: { useUserBuffer?(buffer: Buffer): void } })._handle?.useUserBuffer?.(scratch);
    },
  };
}

function wire(socket: net.Socket, sink: StreamSink, detach?: (socket: net.Socket) => void): Stream {
  socket.setNoDelay(true);
  socket.unref();
  const written = () => {
    if (socket.writableLength === 0) sink.flushed();
  };
  // Sockets with `onread` emit no 'data'.
  socket.on("data", (chunk: Buffer) => sink.data(chunk));
  socket.on("drain", () => sink.drained());
  socket.on("end", () => sink.ended());
  socket.on("error", (error) => sink.failed(errnoName(error)));
  socket.on("close", (hadError) => {
    if (!hadError) sink.ended();
  });
  return {
    write: (chunk) => socket.write(chunk, written),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    end: () => {
      detach?.(socket);
      socket.end();
      // Do not wait forever for a peer that stops reading.
      setTimeout(() => socket.destroy(), 10_000).unref();
    },
    get osFd() {
      // libuv's handle keeps the fd (POSIX); absent elsewhere.
      const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
      return typeof fd === "number" && fd >= 0 ? fd : undefined;
    },
  };
}

/** A server whose accepted connections go to sink, not yet listening. */
function serve(sink: ListenerSink): net.Server {
  const server = net.createServer({ noDelay: true });
  server.on("connection", (socket) => {
    const peer = { host: socket.remoteAddress ?? "127.0.0.1", port: socket.remotePort ?? 0 };
    let connectionSink: StreamSink | undefined;
    const stream = wire(socket, {
      opened: () => connectionSink?.opened(),
      data: (chunk) => connectionSink?.data(chunk),
      drained: () => connectionSink?.drained(),
      flushed: () => connectionSink?.flushed(),
      ended: () => connectionSink?.ended(),
      failed: (code) => connectionSink?.failed(code),
    });
    connectionSink = sink.accepted(peer, stream);
    if (!connectionSink) socket.destroy();
  });
  return server;
}

function boundPort(server: net.Server, requested: number): number {
  const address = server.address();
  return typeof address === "object" && address ? address.port : requested;
}

function listenerOf(server: net.Server): Listener {
  server.unref();
  return { close: (done) => server.close(() => done()) };
}

function codeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** libuv's TCP handle as Node's own net module makes it (binding methods
 * return 0 or a negative errno). */
interface TcpHandle {
  bind(host: string, port: number): number;
  bind6(host: string, port: number, flags: number): number;
  listen(backlog: number): number;
  close(): void;
}

/** A new server-side TCP handle from Node's tcp_wrap binding (on
 * process.binding's allow-list); runtimes without it (Deno, Bun) cannot
 * listen synchronously. */
function syncTcpHandle(): TcpHandle {
  const binding = (process as unknown as { binding?: (name: string) => unknown }).binding;
  try {
    const tcpWrap = binding?.call(process, "tcp_wrap") as { TCP: new (kind: number) => TcpHandle; constants: { SERVER: number } };
    return new tcpWrap.TCP(tcpWrap.constants.SERVER);
  } catch {
    throw codeError("ENOTSUP", "this runtime cannot listen synchronously (Node's tcp_wrap binding is not available)");
  }
}

export class NodeTcpTransport implements Transport {
  readonly name = "tcp";
  /** udp:// too: the runtime's own network, as tcp://. */
  readonly datagrams = nodeDatagrams;

  connect(target: Endpoint, sink: StreamSink): Stream {
    const reads = directReads(sink);
    const socket = net.connect({ host: target.host, port: target.port, ...reads.options });
    socket.once("connect", () => sink.opened());
    return wire(socket, sink, reads.detach);
  }

  listen(local: Endpoint, sink: ListenerSink): Listener {
    const server = serve(sink);
    server.once("listening", () => sink.listening(boundPort(server, local.port)));
    server.on("error", (error: NodeJS.ErrnoException) => sink.failed(errnoName(error)));
    // "0.0.0.0" and "::" are libzmq's wildcard; Node binds the same way.
    server.listen({ host: local.host, port: local.port, exclusive: true });
    return listenerOf(server);
  }

  /** Node's listen() with a host resolves it first, always a later turn
   * (even an IP literal), and reports a failure on a later tick: only a
   * TCP handle bound here answers at once (the port, or the errno). */
  listenSync(local: Endpoint, sink: ListenerSink): Listener {
    const handle = syncTcpHandle();
    const v6 = net.isIPv6(local.host);
    if (!v6 && !net.isIPv4(local.host)) throw codeError("EINVAL", `${local.host} is not an IP address, and resolving a name takes a DNS lookup, which cannot be synchronous`);
    let status = v6 ? handle.bind6(local.host, local.port, 0) : handle.bind(local.host, local.port);
    if (status === 0) status = handle.listen(511);
    if (status !== 0) {
      handle.close();
      throw codeError(util.getSystemErrorName(status), `listen on ${local.host}:${local.port}`);
    }
    const server = serve(sink);
    server.on("error", (error: NodeJS.ErrnoException) => sink.failed(errnoName(error)));
    server.listen(handle); // listening already: Node adopts the handle at once
    sink.listening(boundPort(server, local.port));
    return listenerOf(server);
  }
}
