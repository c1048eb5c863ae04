/** Run as a child process (so that its buffers are not the gateway's):
 * `dripper.ts port path count bytes`. Opens `count` WebSocket connections
 * one after another; on each, begins a binary message of 1 MiB - 1 bytes,
 * sends `bytes` of it and then nothing more. Prints "sent" when all have
 * sent, then holds them until killed. */
import { frameHeader, rawWebSocket } from "./raw-websocket.ts";

const [port, path, count, bytes] = process.argv.slice(2);
const sockets = [];
for (let i = 0; i < Number(count); i++) {
  const socket = await rawWebSocket(Number(port), path);
  socket.write(frameHeader(2, (1 << 20) - 1));
  socket.write(Buffer.alloc(Number(bytes), 9));
  sockets.push(socket);
}
console.log("sent");
setInterval(() => {}, 1000);
