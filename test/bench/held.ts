// Memory per held WebSocket connection, measured in a fresh process:
//   node --expose-gc --import tsx held.ts <gateway|plain> <n>
// gateway: n clients through the gateway to a TCP echo target (the
// gateway's WebSocket and TCP legs and the target's socket all count);
// plain: n clients on a bare `ws` server. Prints one JSON line.
import * as net from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { createGateway } from "../../dist/gateway/server.js";
import { echoServer } from "../support/tcp.ts";

const [mode, count] = process.argv.slice(2);
const n = Number(count ?? 500);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const memory = async () => {
  await settle();
  gc();
  const usage = process.memoryUsage();
  return { js: usage.heapUsed + usage.external + usage.arrayBuffers, rss: usage.rss };
};

const echo = await echoServer();
let url: string;
let close: () => Promise<void>;
if (mode === "gateway") {
  const gateway = await createGateway({ port: 0, allow: [`127.0.0.1:${echo.port}`], log: false, maxConnections: 2 * n, maxConnectionsPerIp: 2 * n });
  url = `${gateway.url}/127.0.0.1:${echo.port}`;
  close = () => gateway.close();
} else {
  const server = new WebSocketServer({ port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  url = `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  close = async () => void server.close();
}
// Warm up the code paths (and their allocations) with a few connections.
const warm = await Promise.all(Array.from({ length: 20 }, () => open(url)));
for (const ws of warm) ws.terminate();
const before = await memory();
const sockets = await Promise.all(Array.from({ length: n }, () => open(url)));
const after = await memory();
for (const ws of sockets) ws.terminate();
await close();
await echo.close();
console.log(JSON.stringify({ jsBytesPerConnection: (after.js - before.js) / n, rssBytesPerConnection: (after.rss - before.rss) / n }));
process.exit(0);

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}
