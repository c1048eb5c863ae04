// Memory per held WebSocket connection of the server a client connects to,
// each in its own process as deployed (the clients held in this one):
//   node --import tsx held.ts <gateway|plain|nginx> <n>
// gateway: zeromq-wasm-gateway's CLI (HELD_GATEWAY_CLI: another build's
// dist/gateway/cli.js, for before/after) piping to a TCP echo target in a third process; plain: a bare `ws`
// server that echoes; nginx: nginx with examples/deployment/nginx.conf
// proxying to that ws server (its worker). Clients come from 127.0.0.x, at
// most 100 per address (nginx's per-address limit). Prints one JSON line.
//
// After a warm-up of n connections, opened and closed (the code paths, and
// V8's young generation, which grows once under the allocation rate of the
// handshakes), the server's memory is read at 0, n, 2n and 3n held. The
// per-connection cost is the slope over n..3n: what one more connection
// costs a running server, past the memory the warm-up left free (which the
// first n reuse); fixed costs (the young generation's size, code) cancel
// out. Node servers are read after a full garbage collection
// (memory-probe.mjs), so garbage not yet collected counts for neither; their
// RSS as found, before it, is kept beside. nginx has RSS only.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { exited, rssBytes, startChild, startGatewayProcess, startNginx } from "../support/deployment.ts";
import type { HeldResult, MemoryPoint } from "./results.ts";

const [mode, count] = process.argv.slice(2);
const n = Number(count ?? 1000);
/** Readings at n, 2n, ... held: the slope is fitted over them. */
const steps = 3;
const heldServer = fileURLToPath(new URL("held-server.ts", import.meta.url));
const probe = fileURLToPath(new URL("memory-probe.mjs", import.meta.url));
const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

// HELD_SNAPSHOTS=<dir>: keep the readings there, with a heap snapshot of
// the measured server at each (for finding what a connection holds).
const snapshots = process.env.HELD_SNAPSHOTS;
const dir = snapshots ?? mkdtempSync(join(tmpdir(), "zeromq-held-"));
// Every Node server this starts loads the probe.
process.env.MEMORY_PROBE_DIR = dir;
if (snapshots) process.env.MEMORY_PROBE_SNAPSHOT = "1";
const baseOptions = process.env.NODE_OPTIONS ?? "";
// V8 grows the young generation to its maximum (16 MiB a half in Node 20)
// under the allocation rate of many handshakes, but not always within the
// warm-up: a doubling between readings would count as the connections'.
// So it starts at that size here, a fixed cost ("newSpace" in the points).
// HELD_NODE_ARGS replaces this (e.g. a smaller maximum, to compare).
const nodeArgs = (process.env.HELD_NODE_ARGS ?? "--min-semi-space-size=16").split(" ").filter(Boolean);
const server = (kind: "ws" | "echo", args: string[] = []) => startChild([...args, "--import", "tsx", heldServer, kind], (lines) => lines.length > 0);
process.env.NODE_OPTIONS = `${baseOptions} --import ${probe}`;
const children = [];
let url: string;
let measured: number;
let probed = true;
if (mode === "gateway") {
  const echo = await server("echo");
  children.push(echo.child);
  const gateway = await startGatewayProcess(`127.0.0.1:${echo.lines[0]}`, (steps + 1) * n, [], process.env.HELD_GATEWAY_CLI, nodeArgs);
  children.push(gateway.child);
  url = `ws://127.0.0.1:${gateway.port}/127.0.0.1:${echo.lines[0]}`;
  measured = gateway.pid;
} else {
  const ws = await server("ws", nodeArgs);
  children.push(ws.child);
  url = `ws://127.0.0.1:${ws.lines[0]}`;
  measured = ws.child.pid!;
  if (mode === "nginx") {
    const nginx = await startNginx(dir, [Number(ws.lines[0])]);
    children.push(nginx.child);
    url = `ws://127.0.0.1:${nginx.port}/`;
    measured = nginx.workers[0];
    probed = false;
  }
}
process.env.NODE_OPTIONS = baseOptions;

/** Opens `count` connections, from client address block `first` / 100 on. */
async function hold(count: number, first: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, (_, j) => open(url, first + start + j));
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

async function read(held: number): Promise<MemoryPoint> {
  await settle();
  const rssAsFound = rssBytes(measured);
  if (!probed) return { held, rssAsFound, rss: rssAsFound };
  const file = join(dir, `${measured}.json`);
  rmSync(file, { force: true });
  process.kill(measured, "SIGUSR2");
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 20));
  const memory = JSON.parse(readFileSync(file, "utf8")) as { rss: number; heapUsed: number; external: number; spaces: Record<string, { size: number }> };
  return { held, rssAsFound, rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, newSpace: memory.spaces.new_space.size };
}

for (const ws of await hold(n, 0)) ws.terminate();
// Past the closed pipes' last timers (a stalled client is cut off after 3 s).
for (let i = 0; i < 4; i++) await settle();
const points = [await read(0)];
const sockets: WebSocket[] = [];
const openMs: number[] = [];
for (let step = 0; step < steps; step++) {
  const start = performance.now();
  sockets.push(...(await hold(n, step * n)));
  openMs.push(performance.now() - start);
  points.push(await read(sockets.length));
}
for (const ws of sockets) ws.terminate();
for (const child of children) child.kill("SIGTERM");
await Promise.all(children.map(exited));
if (!snapshots) rmSync(dir, { recursive: true, force: true });

const grown = points.slice(1);
const slope = (value: (p: MemoryPoint) => number | undefined) => (value(grown[0]) === undefined ? undefined : leastSquaresSlope(grown.map((p) => [p.held, value(p)!])));
const last = points[points.length - 1];
const result: HeldResult = {
  mode,
  n,
  points,
  perConnection: {
    rss: slope((p) => p.rss)!,
    rssAsFound: slope((p) => p.rssAsFound)!,
    heapUsed: slope((p) => p.heapUsed),
    external: slope((p) => p.external),
  },
  rssOverN: (last.rss - points[0].rss) / last.held,
  openMs,
};
console.log(JSON.stringify(result));
process.exit(0);

function leastSquaresSlope(points: [number, number][]): number {
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxy / sxx;
}

function open(url: string, index: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { localAddress: `127.0.0.${2 + Math.floor(index / 100)}`, perMessageDeflate: false });
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}
