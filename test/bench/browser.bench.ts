// npm run bench (browser part): Chromium pages through the gateway, each
// figure for both ways a page can run libzmq, beside baselines measured in
// the same run:
//  - "worker": the page API (zeromq-wasm/browser), libzmq in its Web Worker;
//  - "main thread": libzmq on the page's main thread (zeromq-wasm/nothreads
//    imported by the page).
// Figures: page SUB throughput (100 B, 1 KB, 64 KB from a native pyzmq
// PUB) vs the same bytes as a raw WebSocket stream through the same gateway
// (the limit) and a native pyzmq SUB; page REQ round trips vs a raw
// WebSocket echo; cold start to first message and the bytes it fetched vs a
// raw WebSocket page; browser CPU while a page takes a steady 10k msg/s vs a
// raw WebSocket taking the same bytes; the gateway's own figures.
// The browser is driven over a bare DevTools pipe (cdp.ts), not Playwright,
// whose network instrumentation slows page WebSockets 2-4x.
// Prints tables; writes bench-results/browser.json.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import * as net from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { brotliCompressSync, constants } from "node:zlib";
import { build } from "esbuild";
import { serveRepo } from "../support/static-server.ts";
import { BareChromium, treeCpuSeconds, type BarePage } from "./cdp.ts";
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

/** Records of `record` bytes at `rate` per second, written every 10 ms. */
async function pacedRecordFeed(record: number, rate: number): Promise<{ port: number; close: () => void }> {
  const batch = Buffer.alloc((record * rate) / 100, 120);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const timer = setInterval(() => sockets.forEach((socket) => socket.write(batch)), 10);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => (clearInterval(timer), server.close()) };
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
const steadyFeed = await pacedRecordFeed(recordSize(100), 10_000);
const echo = await echoServer();

// The page on the main thread loads zeromq-wasm/nothreads as a bundler
// would build it for a browser; served two levels deep, so that its
// new URL("../../wasm/out/...", import.meta.url) finds the wasm.
const mainThreadBundle = await build({
  entryPoints: [here("../../dist/nothreads.js")],
  bundle: true,
  write: false,
  format: "esm",
  platform: "browser",
  target: "es2022",
  conditions: ["browser"],
});
const extra = {
  "/__bench/main/nothreads.js": mainThreadBundle.outputFiles[0].text,
  "/__bench/main/page.html":
    '<!doctype html><meta charset="utf-8"><script type="module">import * as zmq from "/__bench/main/nothreads.js"; window.zmq = zmq; window.pageReady = zmq.ready.then(() => "ready");</script>',
};
/** Bytes served, by path, while `served` is set (a cold start's fetches). */
let served: Map<string, Buffer> | undefined;
const onServe = (path: string, body: Buffer) => served?.set(path, body);
// No isolation headers: libzmq's build without threads needs none.
const site = await serveRepo({ isolated: false, extra, onServe });

type Variant = { key: string; label: string; site: string; page: string; cold: string };
const variants: Variant[] = [
  { key: "worker", label: "worker", site: site.url, page: "/test/e2e/page.html", cold: "" },
  { key: "main", label: "main thread", site: site.url, page: "/__bench/main/page.html", cold: "main" },
];

const allow = [...[...feeds.values()].map((f) => `127.0.0.1:${f.port}`), `127.0.0.1:${echo.port}`, `127.0.0.1:${steadyFeed.port}`];
for (let p = port; p < port + 20; p++) allow.push(`127.0.0.1:${p}`);
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
const browser = BareChromium.launch();

type Row = { group: string; name: string; variant?: string; detail?: string; unit: string; value: number; baseline: string; baselineValue: number; better: "higher" | "lower" };
const rows: Row[] = [];
type Zmq = typeof import("../../dist/browser/client.js");

/** A fresh page of the variant, libzmq loaded. */
async function openPage(variant: Variant): Promise<BarePage> {
  const page = await browser.newPage(`${variant.site}${variant.page}`);
  await page.evaluate(async () => {
    while (!(window as never as { pageReady?: Promise<string> }).pageReady) await new Promise((resolve) => setTimeout(resolve, 5));
    return (window as never as { pageReady: Promise<string> }).pageReady;
  }, undefined);
  return page;
}

// --- throughput -------------------------------------------------------------
for (const size of [100, 1000, 65536]) {
  const endpoint = `tcp://127.0.0.1:${port++}`;
  const pub = py("pub", endpoint, { size });
  await pub.next();
  const label = size >= 1024 ? `${size / 1024} KB` : `${size} B`;
  const record = recordSize(size);
  const rawPage = await openPage(variants[0]);
  const rawStream = await rawPage.evaluate(
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
  await rawPage.close();
  let workerRate = 0;
  for (const variant of variants) {
    const page = await openPage(variant);
    const pageSub = await page.evaluate(
      async ({ gateway, endpoint, seconds }) => {
        const { zmq } = window as never as { zmq: Zmq };
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
    await page.close();
    if (variant.key === "worker") workerRate = pageSub;
    rows.push({ group: "throughput", name: `page SUB <- native PUB via gateway, ${label}`, variant: variant.label, unit: "msgs/s", value: pageSub, baseline: `raw WebSocket stream of ${record} B records (limit)`, baselineValue: rawStream, better: "higher" });
  }
  const nativeSub = py("sub", endpoint, { seconds });
  const nativeRate = (await nativeSub.next()).messagesPerSecond;
  // The PUB sends flat out with or without subscribers: stop it so it does
  // not take a core from what follows.
  pub.child.kill("SIGKILL");
  rows.push({ group: "throughput", name: `native pyzmq SUB <- native PUB, ${label}`, unit: "msgs/s", value: nativeRate, baseline: "page SUB (worker)", baselineValue: workerRate, better: "higher" });
}

// --- round trips ------------------------------------------------------------
const repEndpoint = `tcp://127.0.0.1:${port++}`;
const rep = py("rep", repEndpoint);
await rep.next();
const echoPage = await openPage(variants[0]);
const rawEcho = await echoPage.evaluate(
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
await echoPage.close();
const raw = percentiles(rawEcho);
for (const variant of variants) {
  const page = await openPage(variant);
  const pageReq = await page.evaluate(
    async ({ gateway, endpoint }) => {
      const { zmq } = window as never as { zmq: Zmq };
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
  await page.close();
  const req = percentiles(pageReq);
  for (const key of ["mean", "p50", "p99"] as const) {
    rows.push({ group: "latency", name: `page REQ -> native REP via gateway, ${key}`, variant: variant.label, unit: "µs", value: req[key], baseline: "raw WebSocket echo via gateway", baselineValue: raw[key], better: "lower" });
  }
}
rep.child.kill("SIGKILL");

// --- cold start and bytes -----------------------------------------------------
const coldEndpoint = `tcp://127.0.0.1:${port++}`;
// A steady 1 kHz ticker, not a flat-out PUB: a spinning publisher takes one
// of the two cores from the page that is starting up.
const coldPub = py("pub", coldEndpoint, { size: 100, interval: 0.001 });
await coldPub.next();
/** Milliseconds from navigation to the first message, and what was fetched. */
const cold = async (site: string, mode: string): Promise<{ ms: number; files: Map<string, Buffer> }> => {
  served = new Map();
  const query = new URLSearchParams({ gateway: gateway.url, endpoint: coldEndpoint });
  if (mode) query.set(mode, "1");
  const page = await browser.newPage(`${site}/test/bench/cold.html?${query}`);
  const ms = await page.evaluate(async () => {
    while (!(window as never as { firstMessage?: Promise<number> }).firstMessage) await new Promise((resolve) => setTimeout(resolve, 5));
    return (window as never as { firstMessage: Promise<number> }).firstMessage;
  }, undefined);
  const files = served;
  served = undefined;
  await page.close();
  return { ms, files };
};
const coldRuns = 7;
const coldTimes = new Map<string, number[]>();
const coldFiles = new Map<string, Map<string, Buffer>>();
const coldModes = [...variants.map((variant) => ({ key: variant.key, site: variant.site, mode: variant.cold })), { key: "raw", site: site.url, mode: "raw" }];
for (let i = 0; i < coldRuns; i++) {
  for (const { key, site, mode } of coldModes) {
    const { ms, files } = await cold(site, mode);
    coldTimes.set(key, [...(coldTimes.get(key) ?? []), ms]);
    coldFiles.set(key, files);
  }
}
coldPub.child.kill("SIGKILL");
const fetched = (key: string) => {
  const files = [...coldFiles.get(key)!.values()];
  const sum = (f: (file: Buffer) => number) => files.reduce((total, file) => total + f(file), 0);
  return {
    raw: sum((file) => file.length),
    brotli: sum((file) => brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length),
  };
};
const rawCold = percentiles(coldTimes.get("raw")!).p50;
const rawBytes = fetched("raw");
for (const variant of variants) {
  rows.push({ group: "startup", name: `cold start to first message, fresh page (median of ${coldRuns})`, variant: variant.label, unit: "ms", value: percentiles(coldTimes.get(variant.key)!).p50, baseline: "raw WebSocket page, first bytes", baselineValue: rawCold, better: "lower" });
  const bytes = fetched(variant.key);
  rows.push({ group: "startup", name: "bytes fetched for that cold start, raw", variant: variant.label, unit: "KB", value: bytes.raw / 1000, baseline: "raw WebSocket page", baselineValue: rawBytes.raw / 1000, better: "lower" });
  rows.push({ group: "startup", name: "bytes fetched for that cold start, brotli 11", variant: variant.label, unit: "KB", value: bytes.brotli / 1000, baseline: "raw WebSocket page", baselineValue: rawBytes.brotli / 1000, better: "lower" });
}

// --- CPU at a steady 10k msg/s ------------------------------------------------
const steadyEndpoint = `tcp://127.0.0.1:${port++}`;
const steadyPub = py("pub", steadyEndpoint, { size: 100, rate: 10_000 });
await steadyPub.next();
/** Browser CPU (all its processes, % of one core) while the page takes the feed. */
async function steadyCpu(page: BarePage, start: () => Promise<void>, count: () => Promise<number>): Promise<{ cpu: number; rate: number }> {
  await start();
  await new Promise((resolve) => setTimeout(resolve, 1000)); // connected and warm
  const before = treeCpuSeconds(browser.pid);
  const counted = await count();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = ((treeCpuSeconds(browser.pid) - before) / elapsed) * 100;
  const rate = ((await count()) - counted) / elapsed;
  await page.close();
  return { cpu, rate };
}
const rawSteadyPage = await openPage(variants[0]);
const rawSteady = await steadyCpu(
  rawSteadyPage,
  () =>
    rawSteadyPage.evaluate(async ({ url, record }) => {
      const ws = new WebSocket(url);
      ws.binaryType = "arraybuffer";
      const state = window as never as { records: number };
      state.records = 0;
      let bytes = 0;
      ws.onmessage = (event) => {
        bytes += (event.data as ArrayBuffer).byteLength;
        state.records = Math.floor(bytes / record);
      };
      await new Promise((resolve) => (ws.onopen = resolve));
    }, { url: `${gateway.url}/127.0.0.1:${steadyFeed.port}`, record: recordSize(100) }),
  () => rawSteadyPage.evaluate(() => (window as never as { records: number }).records, undefined),
);
for (const variant of variants) {
  const page = await openPage(variant);
  const { cpu, rate } = await steadyCpu(
    page,
    () =>
      page.evaluate(async ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: Zmq };
        zmq.configure({ gateway });
        const sub = new zmq.Subscriber();
        sub.connect(endpoint);
        sub.subscribe();
        const state = window as never as { received: number };
        state.received = 0;
        void (async () => {
          for await (const _ of sub) state.received++;
        })();
        while (state.received === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }, { gateway: gateway.url, endpoint: steadyEndpoint }),
    () => page.evaluate(() => (window as never as { received: number }).received, undefined),
  );
  rows.push({ group: "cpu", name: "browser CPU, page SUB at a steady 10k msg/s of 100 B", variant: variant.label, detail: `received ${Math.round(rate).toLocaleString("en-US")}/s; the raw page ${Math.round(rawSteady.rate).toLocaleString("en-US")} records/s`, unit: "% of a core", value: cpu, baseline: "raw WebSocket page, same bytes", baselineValue: rawSteady.cpu, better: "lower" });
}
steadyPub.child.kill("SIGKILL");
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
steadyFeed.close();
await echo.close();
for (const feed of feeds.values()) feed.close();

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1));
console.log(`\nzeromq-wasm browser benchmark (${cpus().length} cores, Chromium headless, ${seconds} s windows)\n`);
console.log("| test | unit | value | baseline | baseline value | ratio |");
console.log("|---|---|---:|---|---:|---:|");
for (const row of rows) {
  console.log(`| ${row.name}${row.variant ? ` (${row.variant})` : ""}${row.detail ? ` (${row.detail})` : ""} | ${row.unit} | ${fmt(row.value)} | ${row.baseline} | ${fmt(row.baselineValue)} | ${(row.value / row.baselineValue).toFixed(2)}x |`);
}
mkdirSync("bench-results", { recursive: true });
writeFileSync("bench-results/browser.json", JSON.stringify({ date: new Date().toISOString(), machine: { cores: cpus().length, model: cpus()[0]?.model }, seconds, rows }, null, 2));
console.log("\nwrote bench-results/browser.json");
process.exit(0);
