// A server for held.ts, in its own process: "ws" a plain ws server that
// echoes, "echo" a TCP echo target. Prints its port on stdout.
import * as net from "node:net";
import { WebSocketServer } from "ws";

const kind = process.argv[2];
if (kind === "ws") {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  server.on("connection", (ws) => ws.on("message", (data, binary) => ws.send(data, { binary })));
  server.once("listening", () => console.log((server.address() as net.AddressInfo).port));
} else {
  const server = net.createServer((socket) => socket.pipe(socket));
  server.listen(0, "127.0.0.1", () => console.log((server.address() as net.AddressInfo).port));
}
