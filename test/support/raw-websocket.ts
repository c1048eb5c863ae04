/** A WebSocket client spoken by hand over a raw TCP socket, for tests that
 * send what a library would not: a message begun and never finished,
 * fragments with control frames between them. */
import * as net from "node:net";

/** Connects and upgrades; resolves with the socket once the 101 arrived. */
export function rawWebSocket(port: number, path: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", reject);
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    socket.once("data", (answer) => {
      if (!answer.toString().startsWith("HTTP/1.1 101")) return reject(new Error(answer.toString()));
      socket.off("error", reject);
      socket.on("error", () => {});
      resolve(socket);
    });
  });
}

/** A client frame's header: `opcode` (2 binary, 0 continuation, 9 ping),
 * masked with a zero key, so the payload goes as plain bytes. */
export function frameHeader(opcode: number, payloadBytes: number, final = true): Buffer {
  const header = Buffer.alloc(14);
  header[0] = (final ? 0x80 : 0) | opcode;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(payloadBytes), 2);
  return header;
}

/** A ping frame (payload at most 125 bytes), masked with a zero key. */
export function pingFrame(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

/** Resolves with the code of the close frame the server sends (reading past
 * its pongs); 0 if the connection ends without one. */
export function closeCode(socket: net.Socket): Promise<number> {
  return new Promise((resolve) => {
    let seen = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      // Control frames from a server: unmasked, at most 125 bytes.
      while (seen.length >= 2 && seen.length >= 2 + (seen[1] & 0x7f)) {
        if ((seen[0] & 0x0f) === 0x8) return resolve(seen.readUInt16BE(2));
        seen = seen.subarray(2 + (seen[1] & 0x7f));
      }
    });
    socket.once("close", () => resolve(0));
  });
}
