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

/** A loopback port that was free a moment ago (for servers that must be
 * restarted on the same port). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A ZMTP 3.0 NULL greeting plus READY for socketType ("SUB", "PULL", ...). */
export function zmtpHello(socketType: string): Buffer {
  const greeting = Buffer.alloc(64);
  greeting[0] = 0xff;
  greeting[9] = 0x7f;
  greeting[10] = 3; // ZMTP 3.0
  greeting.write("NULL", 12, "ascii");
  const property = Buffer.concat([Buffer.from([11]), Buffer.from("Socket-Type"), Buffer.alloc(4), Buffer.from(socketType)]);
  property.writeUInt32BE(socketType.length, 12);
  const body = Buffer.concat([Buffer.from([5]), Buffer.from("READY"), property]);
  return Buffer.concat([greeting, Buffer.from([0x04, body.length]), body]);
}

/** Only a frame header with the LONG flag (flags 2; 6 for a command),
 * announcing `size` bytes that may never come. */
export function zmtpLongHeader(size: bigint, flags = 2): Buffer {
  const header = Buffer.alloc(9);
  header[0] = flags;
  header.writeBigUInt64BE(size, 1);
  return header;
}

/** Whether `received` holds a ZMTP 3 server's greeting and its READY (a
 * short command): only then may a peer send frames, or libzmq (native
 * too) takes them for handshake commands and drops the connection. */
export function zmtpServerReady(received: Buffer): boolean {
  return received.length >= 66 && received[64] === 4 && received.length >= 66 + received[65];
}

/** Accepts and then stalls. "silent": never reads, never writes (the ZMTP
 * handshake never completes). "greet": sends a ZMTP greeting and READY as
 * socketType, reads the peer's greeting and READY, and for a SUB subscribes
 * to everything (only then: a message before the peer's READY is a protocol
 * error to libzmq), then reads nothing more: the peer's messages flow into a
 * reader that never reads. */
export function stallServer(mode: "silent" | "greet", socketType = "SUB") {
  return serve((socket) => {
    if (mode === "silent") return void socket.pause();
    socket.write(zmtpHello(socketType));
    let seen = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      // 64-byte greeting, then the READY command: flags, size, body.
      if (seen.length < 66) return;
      const long = (seen[64] & 0x02) !== 0;
      const size = long ? Number(seen.length >= 73 ? seen.readBigUInt64BE(65) : Infinity) : seen[65];
      if (seen.length < 64 + (long ? 9 : 2) + size) return;
      socket.off("data", onData);
      socket.pause();
      if (socketType === "SUB") socket.write(Buffer.from([0x00, 1, 0x01])); // subscribe ""
    };
    socket.on("data", onData);
  });
}
