// A server for held.ts and gateway-load.ts, in its own process: "ws" a
// plain ws server that echoes, "echo" a TCP echo target, "ticks" a TCP
// target that writes 100 bytes to each connection every 100 ms. Prints its
// port on stdout.
import * as net from "node:net";
import { WebSocketServer } from "ws";

const kind = process.argv[2];
if (kind === "ws") {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  server.on("connection", (ws) => ws.on("message", (data, binary) => ws.send(data, { binary })));
  server.once("listening", () => console.log((server.address() as net.AddressInfo).port));
} else {
  const tick = Buffer.alloc(100, 120);
  const server = net.createServer((socket) => {
    if (kind === "echo") return void socket.pipe(socket);
    socket.on("error", () => {});
    const timer = setInterval(() => socket.write(tick), 100);
    socket.on("close", () => clearInterval(timer));
  });
  server.listen(0, "127.0.0.1", () => console.log((server.address() as net.AddressInfo).port));
}
