// npm run bench (browser part): a page in Chromium, through the gateway,
// beside baselines measured in the same run:
//  - page SUB throughput (100 B, 1 KB, 64 KB from a native pyzmq PUB) vs the
//    same bytes as a raw WebSocket stream through the same gateway (the
//    limit), and a native pyzmq SUB on the same PUB;
//  - page REQ round trips (mean, p50, p99) vs a raw WebSocket echo through
//    the same gateway;
//  - cold start to first message in a fresh page vs a raw WebSocket page;
//  - the gateway: bytes/s vs a direct TCP read, and memory per held
//    connection vs a plain `ws` server holding as many.
// Prints tables; writes bench-results/browser.json.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import * as net from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { launchChromium } from "../support/chromium.ts";
import { serveRepo } from "../support/static-server.ts";
import { echoServer } from "../support/tcp.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));

function py(role: string, endpoint: string, opts: object = {}) {
  const child = spawn("/usr/bin/python3", [here("peer_py.py"), role, endpoint, JSON.stringify(opts)]);
  children.push(child);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, next: async () => JSON.parse((await lines.next()).value as string) as Record<string, number> };
}

/** ZMTP frame size of a one-frame message: the raw stream's record. */
const recordSize = (size: number) => size + (size <= 255 ? 2 : 9);

/** Streams records of `record` bytes flat out (blocking on backpressure). */
async function recordFeed(record: number): Promise<{ port: number; close: () => void }> {
  const chunk = Buffer.alloc(Math.max(record, 64 * 1024 - ((64 * 1024) % record)), 120);
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk));
      if (!socket.destroyed) socket.once("drain", pump);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { mean, p50: sorted[Math.floor(sorted.length * 0.5)], p99: sorted[Math.floor(sorted.length * 0.99)] };
};

let port = 5900 + Math.floor(Math.random() * 80);
const feeds = new Map<number, { port: number; close: () => void }>();
for (const size of [100, 1000, 65536]) feeds.set(size, await recordFeed(recordSize(size)));
const echo = await echoServer();
const site = await serveRepo({ isolated: true });
const allow = [...[...feeds.values()].map((f) => `127.0.0.1:${f.port}`), `127.0.0.1:${echo.port}`];
for (let p = port; p < port + 10; p++) allow.push(`127.0.0.1:${p}`);
// The gateway runs as its own process (its CLI), as it would be deployed,
// so its work does not share this process's event loop with the feeds.
async function gatewayProcess(allow: string[], origins: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const args = [here("../../dist/gateway/cli.js"), "--listen", "127.0.0.1:0", ...allow.flatMap((a) => ["--allow", a]), ...origins.flatMap((o) => ["--origin", o])];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve) =>
    lines.on("line", (line) => {
      const entry = JSON.parse(line) as { event: string; url?: string };
      if (entry.event === "listening") resolve(entry.url!);
    }),
  );
  return { url, close: async () => void child.kill("SIGTERM") };
}
const gateway = await gatewayProcess(allow, [site.url]);
const browser = await launchChromium();
const page = await browser.newPage();
page.on("crash", () => console.error("bench page crashed"));
page.on("console", (message) => message.type() === "error" && console.error(`page: ${message.text()}`));
await page.goto(`${site.url}/test/e2e/page.html`);
await page.evaluate(() => (window as never as { pageReady: Promise<string> }).pageReady);

type Row = { group: string; name: string; unit: string; value: number; baseline: string; baselineValue: number; better: "higher" | "lower" };
const rows: Row[] = [];

// --- throughput -------------------------------------------------------------
for (const size of [100, 1000, 65536]) {
  const endpoint = `tcp://127.0.0.1:${port++}`;
  const pub = py("pub", endpoint, { size });
  await pub.next();
  const pageSub = await page.evaluate(
    async ({ gateway, endpoint, seconds }) => {
      const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
      zmq.configure({ gateway });
      const sub = new zmq.Subscriber();
      sub.connect(endpoint);
      sub.subscribe();
      await sub.receive();
      let count = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < seconds * 1000) {
        await sub.receive();
        count++;
      }
      const rate = count / ((performance.now() - t0) / 1000);
      sub.close();
      return rate;
    },
    { gateway: gateway.url, endpoint, seconds },
  );
  const nativeSub = py("sub", endpoint, { seconds });
  const nativeRate = (await nativeSub.next()).messagesPerSecond;
  // The PUB sends flat out with or without subscribers: stop it so it does
  // not take a core from what follows.
  pub.child.kill("SIGKILL");
  const record = recordSize(size);
  const rawStream = await page.evaluate(
    async ({ url, seconds, record }) => {
      const ws = new WebSocket(url);
      ws.binaryType = "arraybuffer";
      let bytes = 0;
      let t0 = 0;
      await new Promise((resolve) => (ws.onopen = resolve));
      return await new Promise<number>((resolve) => {
        ws.onmessage = (event) => {
          if (!t0) t0 = performance.now();
          bytes += (event.data as ArrayBuffer).byteLength;
          const elapsed = performance.now() - t0;
          if (elapsed > seconds * 1000) {
            ws.close();
            resolve(bytes / record / (elapsed / 1000));
          }
        };
      });
    },
    { url: `${gateway.url}/127.0.0.1:${feeds.get(size)!.port}`, seconds, record },
  );
  const label = size >= 1024 ? `${size / 1024} KB` : `${size} B`;
  rows.push({ group: "throughput", name: `page SUB <- native PUB via gateway, ${label}`, unit: "msgs/s", value: pageSub, baseline: `raw WebSocket stream of ${record} B records (limit)`, baselineValue: rawStream, better: "higher" });
  rows.push({ group: "throughput", name: `native pyzmq SUB <- native PUB, ${label}`, unit: "msgs/s", value: nativeRate, baseline: "page SUB", baselineValue: pageSub, better: "higher" });
}

// --- round trips ------------------------------------------------------------
const repEndpoint = `tcp://127.0.0.1:${port++}`;
const rep = py("rep", repEndpoint);
await rep.next();
const pageReq = await page.evaluate(
  async ({ gateway, endpoint }) => {
    const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
    zmq.configure({ gateway });
    const req = new zmq.Request();
    req.connect(endpoint);
    const message = new Uint8Array(100);
    const samples: number[] = [];
    for (let i = 0; i < 3300; i++) {
      const t = performance.now();
      await req.send(message);
      await req.receive();
      if (i >= 300) samples.push((performance.now() - t) * 1000);
    }
    req.close();
    return samples;
  },
  { gateway: gateway.url, endpoint: repEndpoint },
);
rep.child.kill("SIGKILL");
const rawEcho = await page.evaluate(
  async ({ url }) => {
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    await new Promise((resolve) => (ws.onopen = resolve));
    const message = new Uint8Array(102);
    let pending: ((value: unknown) => void) | undefined;
    let received = 0;
    ws.onmessage = (event) => {
      received += (event.data as ArrayBuffer).byteLength;
      if (received >= 102 && pending) {
        received -= 102;
        const wake = pending;
        pending = undefined;
        wake(undefined);
      }
    };
    const samples: number[] = [];
    for (let i = 0; i < 3300; i++) {
      const t = performance.now();
      const answered = new Promise((resolve) => (pending = resolve));
      ws.send(message);
      await answered;
      if (i >= 300) samples.push((performance.now() - t) * 1000);
    }
    ws.close();
    return samples;
  },
  { url: `${gateway.url}/127.0.0.1:${echo.port}` },
);
const req = percentiles(pageReq);
const raw = percentiles(rawEcho);
for (const key of ["mean", "p50", "p99"] as const) {
  rows.push({ group: "latency", name: `page REQ -> native REP via gateway, ${key}`, unit: "µs", value: req[key], baseline: "raw WebSocket echo via gateway", baselineValue: raw[key], better: "lower" });
}

// --- cold start -------------------------------------------------------------
await page.close(); // its worker and memory should not weigh on fresh pages
const coldEndpoint = `tcp://127.0.0.1:${port++}`;
// A steady 1 kHz ticker, not a flat-out PUB: a spinning publisher takes one
// of the two cores from the page that is starting up.
const coldPub = py("pub", coldEndpoint, { size: 100, interval: 0.001 });
await coldPub.next();
const cold = async (raw: boolean) => {
  const context = await browser.newContext(); // no cache, no warm worker
  const fresh = await context.newPage();
  fresh.on("crash", () => console.error("cold start: the page crashed"));
  const query = new URLSearchParams({ gateway: gateway.url, endpoint: coldEndpoint });
  if (raw) query.set("raw", "1");
  await fresh.goto(`${site.url}/test/bench/cold.html?${query}`);
  const ms = await fresh.evaluate(() => (window as never as { firstMessage: Promise<number> }).firstMessage);
  await context.close();
  return ms;
};
const coldRuns = 7;
const coldZmq: number[] = [];
const coldRaw: number[] = [];
for (let i = 0; i < coldRuns; i++) {
  coldZmq.push(await cold(false));
  coldRaw.push(await cold(true));
}
coldPub.child.kill("SIGKILL");
rows.push({ group: "startup", name: `cold start to first message, fresh page (median of ${coldRuns})`, unit: "ms", value: percentiles(coldZmq).p50, baseline: "raw WebSocket page, first bytes", baselineValue: percentiles(coldRaw).p50, better: "lower" });
await browser.close();

// --- the gateway ------------------------------------------------------------
/** Bytes/s a Node reader gets from the 64 KB feed, over `url` (ws) or TCP. */
async function readRate(connect: () => { onData: (fn: (n: number) => void) => void; close: () => void }): Promise<number> {
  const stream = connect();
  let bytes = 0;
  let t0 = 0;
  return await new Promise<number>((resolve) => {
    stream.onData((n) => {
      if (!t0) t0 = performance.now();
      bytes += n;
      const elapsed = performance.now() - t0;
      if (elapsed > seconds * 1000) {
        stream.close();
        resolve(bytes / (elapsed / 1000));
      }
    });
  });
}
const bigFeed = feeds.get(65536)!.port;
const viaGateway = await readRate(() => {
  const ws = new WebSocket(`${gateway.url}/127.0.0.1:${bigFeed}`);
  return { onData: (fn) => ws.on("message", (data: Buffer) => fn(data.length)), close: () => ws.terminate() };
});
const direct = await readRate(() => {
  const socket = net.connect(bigFeed, "127.0.0.1");
  return { onData: (fn) => socket.on("data", (data) => fn(data.length)), close: () => socket.destroy() };
});
rows.push({ group: "gateway", name: "gateway throughput, Node ws reader", unit: "MB/s", value: viaGateway / 1e6, baseline: "direct TCP read of the same feed", baselineValue: direct / 1e6, better: "higher" });

/** Memory per held connection, each side measured in its own fresh process. */
function heldCost(mode: "gateway" | "plain", n: number): Record<string, number> {
  const run = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", here("held.ts"), mode, String(n)], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`held.ts ${mode}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as Record<string, number>;
}
const held = 500;
const viaGatewayHeld = heldCost("gateway", held);
const plainHeld = heldCost("plain", held);
rows.push({ group: "gateway", name: `RSS per held connection (${held} held; clients, gateway and target in one process)`, unit: "KB", value: viaGatewayHeld.rssBytesPerConnection / 1024, baseline: "plain ws server (no TCP leg), same clients", baselineValue: plainHeld.rssBytesPerConnection / 1024, better: "lower" });
rows.push({ group: "gateway", name: `JS heap and buffers per held connection (${held} held)`, unit: "KB", value: viaGatewayHeld.jsBytesPerConnection / 1024, baseline: "plain ws server (no TCP leg), same clients", baselineValue: plainHeld.jsBytesPerConnection / 1024, better: "lower" });

await gateway.close();
await site.close();
await echo.close();
for (const feed of feeds.values()) feed.close();

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1));
console.log(`\nzeromq-wasm browser benchmark (${cpus().length} cores, Chromium headless, ${seconds} s windows)\n`);
console.log("| test | unit | value | baseline | baseline value | ratio |");
console.log("|---|---|---:|---|---:|---:|");
for (const row of rows) {
  console.log(`| ${row.name} | ${row.unit} | ${fmt(row.value)} | ${row.baseline} | ${fmt(row.baselineValue)} | ${(row.value / row.baselineValue).toFixed(2)}x |`);
}
mkdirSync("bench-results", { recursive: true });
writeFileSync("bench-results/browser.json", JSON.stringify({ date: new Date().toISOString(), machine: { cores: cpus().length, model: cpus()[0]?.model }, seconds, rows }, null, 2));
console.log("\nwrote bench-results/browser.json");
process.exit(0);
