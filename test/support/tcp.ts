/** Small real TCP servers for gateway tests. */
import * as net from "node:net";

export interface TcpServer {
  port: number;
  sockets: Set<net.Socket>;
  close(): Promise<void>;
}

async function serve(onConnection: (socket: net.Socket) => void): Promise<TcpServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Echoes every byte back. */
export const echoServer = () => serve((socket) => socket.pipe(socket));

/** Writes as fast as the connection takes it until closed: a fast feed. */
export function floodServer(chunk = Buffer.alloc(64 * 1024, 7)) {
  let written = 0;
  const server = serve((socket) => {
    const pump = () => {
      while (!socket.destroyed) {
        written += chunk.length;
        if (!socket.write(chunk)) return void socket.once("drain", pump);
      }
    };
    pump();
  });
  return { server, written: () => written };
}

/** Relays to a target and records every byte that passes, both ways. */
export async function recordingRelay(targetPort: number) {
  const seen: Buffer[] = [];
  const relay = await serve((socket) => {
    const upstream = net.connect({ host: "127.0.0.1", port: targetPort });
    upstream.on("error", () => socket.destroy());
    socket.on("data", (chunk) => {
      seen.push(chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      seen.push(chunk);
      socket.write(chunk);
    });
    socket.on("close", () => upstream.destroy());
    upstream.on("close", () => socket.destroy());
  });
  return { relay, seen: () => Buffer.concat(seen) };
}
