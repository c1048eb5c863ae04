// Memory per held WebSocket connection of the server a client connects to,
// each in its own process as deployed, its RSS read from /proc before and
// after n clients (held in this process) connected:
//   node --import tsx held.ts <gateway|plain|nginx> <n>
// gateway: zeromq-wasm-gateway's CLI (HELD_GATEWAY_CLI: another build's
// dist/gateway/cli.js, for before/after) piping to a TCP echo target in a
// third process; plain: a bare `ws` server that echoes; nginx: nginx with
// examples/deployment/nginx.conf proxying to that ws server (its worker's
// RSS). Clients come from 127.0.0.x, at most 100 per address (nginx's
// per-address limit). Prints one JSON line.
// The figure is the slope (growth per connection) after a warm-up of as
// many connections: what one more connection costs a running server.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { exited, rssBytes, startChild, startGatewayProcess, startNginx } from "../support/deployment.ts";

const [mode, count] = process.argv.slice(2);
const n = Number(count ?? 1000);
const heldServer = fileURLToPath(new URL("held-server.ts", import.meta.url));
const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

const server = (kind: "ws" | "echo") => startChild(["--import", "tsx", heldServer, kind], (lines) => lines.length > 0);
const children = [];
let url: string;
let measured: number;
let dir: string | undefined;
if (mode === "gateway") {
  const echo = await server("echo");
  children.push(echo.child);
  const gateway = await startGatewayProcess(`127.0.0.1:${echo.lines[0]}`, 2 * n, [], process.env.HELD_GATEWAY_CLI);
  children.push(gateway.child);
  url = `ws://127.0.0.1:${gateway.port}/127.0.0.1:${echo.lines[0]}`;
  measured = gateway.pid;
} else {
  const ws = await server("ws");
  children.push(ws.child);
  url = `ws://127.0.0.1:${ws.lines[0]}`;
  measured = ws.child.pid!;
  if (mode === "nginx") {
    dir = mkdtempSync(join(tmpdir(), "zeromq-held-"));
    const nginx = await startNginx(dir, [Number(ws.lines[0])]);
    children.push(nginx.child);
    url = `ws://127.0.0.1:${nginx.port}/`;
    measured = nginx.workers[0];
  }
}
// Warm up with as many connections, opened and closed: the code paths, and
// V8's young generation, which grows once (to 16 MiB a half) under the
// allocation rate of n handshakes and would otherwise count as n connections'
// memory (about 10 KB each of the gateway's at 1,000).
const held = () => Promise.all(Array.from({ length: Math.ceil(n / 100) }, (_, batch) => batch)).then(async (batches) => {
  const sockets: WebSocket[] = [];
  for (const batch of batches) sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, n - batch * 100) }, (_, j) => open(url, batch * 100 + j)))));
  return sockets;
});
for (const ws of await held()) ws.terminate();
await settle();
await settle();
const before = rssBytes(measured);
const sockets = await held();
await settle();
const after = rssBytes(measured);
for (const ws of sockets) ws.terminate();
for (const child of children) child.kill("SIGTERM");
await Promise.all(children.map(exited));
if (dir) rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ rssBytesPerConnection: (after - before) / n }));
process.exit(0);

function open(url: string, index: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { localAddress: `127.0.0.${2 + Math.floor(index / 100)}`, perMessageDeflate: false });
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}
