// npm run bench (browser part): Chromium pages through the gateway, each
// figure for both ways a page can run libzmq, beside baselines and the peers
// a dashboard builder would otherwise pick, measured in the same run:
//  - "worker": the page API (zeromq-wasm/browser), libzmq in its Web Worker;
//  - "main thread": libzmq on the page's main thread (zeromq-wasm/nothreads
//    bundled into the page);
//  - nats.js at nats-server's WebSocket, mqtt.js at mosquitto's (brokers.ts,
//    Node peers in peer-broker.ts);
//  - raw WebSocket streams through the same gateway (the limit).
// Every page runs the same measuring code (page/measure.ts, bundled by
// pages.ts) and is served cross-origin isolated, so performance.now() has
// fine resolution. Figures: page SUB throughput with the share delivered and
// the age of messages on arrival (publishers stamp send time and sequence),
// vs a native pyzmq SUB; page request/reply round trips vs a raw WebSocket
// echo; cold start to first message and the bytes it fetched; browser CPU
// while a page takes a steady 10k msg/s; the gateway's own figures.
// The browser is driven over a bare DevTools pipe (cdp.ts), not Playwright,
// whose network instrumentation slows page WebSockets 2-4x.
// Prints tables; writes bench-results/browser.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { brotliCompressSync, constants } from "node:zlib";
import { serveRepo } from "../support/static-server.ts";
import { BareChromium, treeCpuSeconds, type BarePage } from "./cdp.ts";
import { echoServer } from "../support/tcp.ts";
import { startMosquitto, startNats } from "./brokers.ts";
import { messageFeed, pacedRecordFeed, percentiles, recordFeed, recordSize, type Feed } from "./feeds.ts";
import { benchPages } from "./pages.ts";
import { brokerPeer, gatewayProcess, py, type Peer } from "./processes.ts";
import type { Bench, Config, Kind, SubWindow } from "./page/measure.ts";
import { gatewayFigures } from "./gateway-figures.ts";
import type { PeerFigure, Row } from "./results.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let port = 5900 + Math.floor(Math.random() * 80);
const feeds = new Map<number, Feed>();
for (const size of [100, 1000, 65536]) feeds.set(size, await recordFeed(recordSize(size)));
const steadyFeed = await pacedRecordFeed(recordSize(100), 10_000);
const echo = await echoServer();
const [nats, mosquitto] = [await startNats(), await startMosquitto()];
const pages = await benchPages();

/** Bytes served, by path, while `served` is set (a cold start's fetches). */
let served: Map<string, Buffer> | undefined;
const onServe = (path: string, body: Buffer) => served?.set(path, body);
const site = await serveRepo({ isolated: true, extra: pages.files, onServe });

type Variant = { key: "worker" | "main" | "threads"; label: string };
const variants: Variant[] = [
  { key: "worker", label: "worker" },
  { key: "main", label: "main thread" },
  // While both builds exist: zeromq-wasm/threads, whose libzmq threads are
  // Web Workers (the page must be cross-origin isolated; these are).
  { key: "threads", label: "main thread, threads build" },
];
/** The broker peers: their page kind, broker, and the subject/topic names. */
const brokers = [
  { kind: "nats", broker: nats, feed: "bench.feed", request: "bench.req", sizes: [100, 1000, 65536] },
  { kind: "mqtt", broker: mosquitto, feed: "bench/feed", request: "bench", sizes: [100, 1000] },
] as const;

const allow = [...[...feeds.values()].map((f) => `127.0.0.1:${f.port}`), `127.0.0.1:${echo.port}`, `127.0.0.1:${steadyFeed.port}`];
for (let p = port; p < port + 20; p++) allow.push(`127.0.0.1:${p}`);
const gateway = await gatewayProcess(allow, [site.url]);
const browser = BareChromium.launch();

const rows: Row[] = [];
const peerFigures = new Map<string, PeerFigure>();
function peerFigure(figure: string, unit: string, better: PeerFigure["better"], kind: Kind, value: number) {
  const entry = peerFigures.get(figure) ?? { figure, unit, better, values: {} };
  entry.values[kind] = value;
  peerFigures.set(figure, entry);
}

/** A fresh, loaded page of the kind. */
async function openPage(kind: Kind): Promise<BarePage> {
  const page = await browser.newPage(`${site.url}${pages.page(kind)}`);
  const state = await page.evaluate(async () => {
    while (!(window as never as { pageReady?: Promise<string> }).pageReady) await new Promise((resolve) => setTimeout(resolve, 5));
    // Fine performance.now() resolution (5 µs, not 100 µs) needs isolation.
    if (!crossOriginIsolated) return "not cross-origin isolated";
    return (window as never as { pageReady: Promise<string> }).pageReady;
  }, undefined);
  if (state !== "ready") throw new Error(`${kind} page: ${state}`);
  return page;
}
/** Runs one of window.bench's measures in a fresh page of the kind. */
async function measure<K extends "throughput" | "roundTrips" | "steady">(kind: Kind, name: K, args: Parameters<Bench[K]>[0], keepOpen = false): Promise<{ page: BarePage; result: Awaited<ReturnType<Bench[K]>> }> {
  const page = await openPage(kind);
  const result = await page.evaluate(
    ({ name, args }) => (window as never as { bench: Record<string, (args: unknown) => unknown> }).bench[name](args),
    { name: name as string, args },
  );
  if (!keepOpen) await page.close();
  return { page, result: result as Awaited<ReturnType<Bench[K]>> };
}
const rawMeasure = async <K extends keyof Bench["raw"]>(name: K, args: Parameters<Bench["raw"][K]>[0]) => {
  const page = await openPage("raw");
  const result = await page.evaluate(
    ({ name, args }) => (window as never as { bench: { raw: Record<string, (args: unknown) => unknown> } }).bench.raw[name](args),
    { name: name as string, args },
  );
  return { page, result: result as Awaited<ReturnType<Bench["raw"][K]>> };
};
const configFor = (kind: Kind): Config => ({ gateway: gateway.url, broker: kind === "nats" ? nats.wsUrl : kind === "mqtt" ? mosquitto.wsUrl : undefined });

/** Records a page SUB window in the peers table, with the share of what
 * `pub` published in that window that the page received. */
async function peerWindow(kind: Kind, label: string, window: SubWindow, pub: Peer) {
  await pub.reported(window.end); // the publisher's count covers the window's end
  peerFigure(`page SUB throughput, ${label}`, "msgs/s", "higher", kind, window.messagesPerSecond);
  peerFigure(`share delivered of what was published, ${label}`, "%", "higher", kind, (100 * window.count) / pub.publishedBetween(window.start, window.end));
  peerFigure(`age on arrival, mean, ${label}`, "ms", "lower", kind, window.ageMean);
  peerFigure(`age on arrival, p99, ${label}`, "ms", "lower", kind, window.ageP99);
}
const sizeLabel = (size: number) => (size >= 1024 ? `${size / 1024} KB` : `${size} B`);

// --- throughput -------------------------------------------------------------
for (const size of [100, 1000, 65536]) {
  const endpoint = `tcp://127.0.0.1:${port++}`;
  const pub = py("pub", endpoint, { size });
  await pub.next();
  const label = sizeLabel(size);
  const record = recordSize(size);
  const rawPage = await rawMeasure("stream", { url: `${gateway.url}/127.0.0.1:${feeds.get(size)!.port}`, seconds, record });
  await rawPage.page.close();
  const rawStream = rawPage.result;
  peerFigure(`page SUB throughput, ${label}`, "msgs/s", "higher", "raw", rawStream);
  if (size === 100) {
    // The same records one per WebSocket message (a plain ws server, no gateway).
    const perMessage = await messageFeed(size);
    const { page, result } = await rawMeasure("stream", { url: perMessage.url, seconds, record: size });
    await page.close();
    perMessage.close();
    rows.push({ group: "throughput", name: `raw WebSocket, one ${size} B record per message (a Node ws server, no gateway)`, unit: "msgs/s", value: result, baseline: `raw WebSocket stream of ${record} B records (limit)`, baselineValue: rawStream, better: "higher" });
  }
  let workerRate = 0;
  for (const variant of variants) {
    const { result } = await measure(variant.key, "throughput", { config: configFor(variant.key), target: endpoint, seconds });
    await peerWindow(variant.key, label, result, pub);
    if (variant.key === "worker") workerRate = result.messagesPerSecond;
    rows.push({ group: "throughput", name: `page SUB <- native PUB via gateway, ${label}`, variant: variant.label, unit: "msgs/s", value: result.messagesPerSecond, baseline: `raw WebSocket stream of ${record} B records (limit)`, baselineValue: rawStream, better: "higher" });
  }
  const nativeSub = py("sub", endpoint, { seconds });
  const nativeRate = (await nativeSub.next()).messagesPerSecond;
  // The PUB sends flat out with or without subscribers: stop it so it does
  // not take a core from what follows.
  pub.kill();
  rows.push({ group: "throughput", name: `native pyzmq SUB <- native PUB, ${label}`, unit: "msgs/s", value: nativeRate, baseline: "page SUB (worker)", baselineValue: workerRate, better: "higher" });
  for (const { kind, broker, feed, sizes } of brokers) {
    if (!(sizes as readonly number[]).includes(size)) continue;
    const brokerPub = brokerPeer(kind, "pub", broker.url, { size });
    await brokerPub.next();
    const { result } = await measure(kind, "throughput", { config: configFor(kind), target: feed, seconds });
    await peerWindow(kind, label, result, brokerPub);
    brokerPub.kill();
  }
}

// --- round trips ------------------------------------------------------------
/** Records mean/p50/p99 of round-trip samples (µs) in the peers table. */
function peerRoundTrips(kind: Kind, samples: number[]) {
  const stats = percentiles(samples);
  for (const key of ["mean", "p50", "p99"] as const) peerFigure(`request/reply round trip, 100 B, ${key}`, "µs", "lower", kind, stats[key]);
  return stats;
}
const repEndpoint = `tcp://127.0.0.1:${port++}`;
const rep = py("rep", repEndpoint);
await rep.next();
const rawEcho = await rawMeasure("echo", { url: `${gateway.url}/127.0.0.1:${echo.port}` });
await rawEcho.page.close();
const raw = peerRoundTrips("raw", rawEcho.result);
for (const variant of variants) {
  const { result } = await measure(variant.key, "roundTrips", { config: configFor(variant.key), target: repEndpoint });
  const req = peerRoundTrips(variant.key, result);
  for (const key of ["mean", "p50", "p99"] as const) {
    rows.push({ group: "latency", name: `page REQ -> native REP via gateway, ${key}`, variant: variant.label, unit: "µs", value: req[key], baseline: "raw WebSocket echo via gateway", baselineValue: raw[key], better: "lower" });
  }
}
rep.kill();
for (const { kind, broker, request } of brokers) {
  const responder = brokerPeer(kind, "rep", broker.url);
  await responder.next();
  const { result } = await measure(kind, "roundTrips", { config: configFor(kind), target: request });
  peerRoundTrips(kind, result);
  responder.kill();
}

// --- cold start and bytes -----------------------------------------------------
const coldEndpoint = `tcp://127.0.0.1:${port++}`;
// A steady 1 kHz ticker, not a flat-out PUB: a spinning publisher takes one
// of the two cores from the page that is starting up.
const coldPubs = [py("pub", coldEndpoint, { size: 100, interval: 0.001 }), ...brokers.map(({ kind, broker }) => brokerPeer(kind, "pub", broker.url, { size: 100, rate: 1000 }))];
for (const pub of coldPubs) await pub.next();
/** Milliseconds from navigation to the first message, and what was fetched. */
const cold = async (mode: string): Promise<{ ms: number; files: Map<string, Buffer> }> => {
  served = new Map();
  const query = new URLSearchParams({ gateway: gateway.url, endpoint: coldEndpoint, broker: mode === "nats" ? nats.wsUrl : mosquitto.wsUrl });
  if (mode) query.set(mode, "1");
  const page = await browser.newPage(`${site.url}/test/bench/cold.html?${query}`);
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
const coldTimes = new Map<Kind, number[]>();
const coldFiles = new Map<Kind, Map<string, Buffer>>();
const coldModes: { key: Kind; mode: string }[] = [
  { key: "worker", mode: "" },
  { key: "main", mode: "main" },
  { key: "threads", mode: "threads" },
  { key: "nats", mode: "nats" },
  { key: "mqtt", mode: "mqtt" },
  { key: "raw", mode: "raw" },
];
for (let i = 0; i < coldRuns; i++) {
  for (const { key, mode } of coldModes) {
    const { ms, files } = await cold(mode);
    coldTimes.set(key, [...(coldTimes.get(key) ?? []), ms]);
    coldFiles.set(key, files);
  }
}
for (const pub of coldPubs) pub.kill();
const fetched = (key: Kind) => {
  const files = [...coldFiles.get(key)!.values()];
  const sum = (f: (file: Buffer) => number) => files.reduce((total, file) => total + f(file), 0);
  return {
    raw: sum((file) => file.length),
    brotli: sum((file) => brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length),
  };
};
for (const { key } of coldModes) {
  const bytes = fetched(key);
  peerFigure(`cold start to first message (median of ${coldRuns})`, "ms", "lower", key, percentiles(coldTimes.get(key)!).p50);
  peerFigure("bytes fetched for that cold start, raw", "KB", "lower", key, bytes.raw / 1000);
  peerFigure("bytes fetched for that cold start, brotli 11", "KB", "lower", key, bytes.brotli / 1000);
}
const rawCold = percentiles(coldTimes.get("raw")!).p50;
const rawBytes = fetched("raw");
for (const variant of variants) {
  rows.push({ group: "startup", name: `cold start to first message, fresh page (median of ${coldRuns})`, variant: variant.label, unit: "ms", value: percentiles(coldTimes.get(variant.key)!).p50, baseline: "raw WebSocket page, first bytes", baselineValue: rawCold, better: "lower" });
  const bytes = fetched(variant.key);
  rows.push({ group: "startup", name: "bytes fetched for that cold start, raw", variant: variant.label, unit: "KB", value: bytes.raw / 1000, baseline: "raw WebSocket page", baselineValue: rawBytes.raw / 1000, better: "lower" });
  rows.push({ group: "startup", name: "bytes fetched for that cold start, brotli 11", variant: variant.label, unit: "KB", value: bytes.brotli / 1000, baseline: "raw WebSocket page", baselineValue: rawBytes.brotli / 1000, better: "lower" });
}

// --- CPU at a steady 10k msg/s ------------------------------------------------
/** Browser CPU (all its processes, % of one core) while a page, started by
 * `start`, counts a steady feed into window.received. */
async function steadyCpu(kind: Kind, start: () => Promise<BarePage>): Promise<{ cpu: number; rate: number }> {
  const page = await start();
  await sleep(1000); // connected and warm
  const count = () => page.evaluate(() => (window as never as { received: number }).received, undefined);
  const before = treeCpuSeconds(browser.pid);
  const counted = await count();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = ((treeCpuSeconds(browser.pid) - before) / elapsed) * 100;
  const rate = ((await count()) - counted) / elapsed;
  await page.close();
  peerFigure("browser CPU, page counting a steady 10k msg/s of 100 B", "% of a core", "lower", kind, cpu);
  peerFigure("messages/s that page received", "msgs/s", "higher", kind, rate);
  return { cpu, rate };
}
const steadyEndpoint = `tcp://127.0.0.1:${port++}`;
const steadyPub = py("pub", steadyEndpoint, { size: 100, rate: 10_000 });
await steadyPub.next();
const rawSteady = await steadyCpu("raw", async () => (await rawMeasure("steady", { url: `${gateway.url}/127.0.0.1:${steadyFeed.port}`, record: recordSize(100) })).page);
for (const variant of variants) {
  const { cpu, rate } = await steadyCpu(variant.key, async () => (await measure(variant.key, "steady", { config: configFor(variant.key), target: steadyEndpoint }, true)).page);
  rows.push({ group: "cpu", name: "browser CPU, page SUB at a steady 10k msg/s of 100 B", variant: variant.label, detail: `received ${Math.round(rate).toLocaleString("en-US")}/s; the raw page ${Math.round(rawSteady.rate).toLocaleString("en-US")} records/s`, unit: "% of a core", value: cpu, baseline: "raw WebSocket page, same bytes", baselineValue: rawSteady.cpu, better: "lower" });
}
steadyPub.kill();
for (const { kind, broker, feed } of brokers) {
  const pub = brokerPeer(kind, "pub", broker.url, { size: 100, rate: 10_000 });
  await pub.next();
  await steadyCpu(kind, async () => (await measure(kind, "steady", { config: configFor(kind), target: feed }, true)).page);
  // What the broker's WebSocket listener delivers of that feed to a Node
  // client: tells a browser client's limit from the broker's.
  const nodeSub = brokerPeer(kind, "sub", broker.wsUrl, { seconds });
  peerFigure("messages/s a Node client gets of that feed via the same WebSocket listener", "msgs/s", "higher", kind, (await nodeSub.next()).messagesPerSecond);
  pub.kill();
}
await browser.close();

// --- the gateway ------------------------------------------------------------
rows.push(...(await gatewayFigures(gateway.url, feeds.get(65536)!.port, seconds)));
await nats.stop();
await mosquitto.stop();
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
const versions = { "nats-server": nats.version, mosquitto: mosquitto.version, ...pages.versions };
const peers = [...peerFigures.values()];
console.log(`\npage vs the peers (${Object.entries(versions).map(([name, version]) => `${name} ${version}`).join(", ")})\n`);
console.log("| figure | unit | worker | main thread | threads build | nats.js | mqtt.js | raw WebSocket |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|");
for (const { figure, unit, values } of peers) {
  const cell = (kind: Kind) => (values[kind] === undefined ? "-" : fmt(values[kind]!));
  console.log(`| ${figure} | ${unit} | ${cell("worker")} | ${cell("main")} | ${cell("threads")} | ${cell("nats")} | ${cell("mqtt")} | ${cell("raw")} |`);
}
const driver = "bare DevTools-protocol pipe (test/bench/cdp.ts), no protocol domain enabled; pages served cross-origin isolated (COOP/COEP)";
writeFileSync("bench-results/browser.json", JSON.stringify({ date: new Date().toISOString(), machine: { cores: cpus().length, model: cpus()[0]?.model }, seconds, driver, versions, rows, peers }, null, 2));
console.log("\nwrote bench-results/browser.json");
process.exit(0);
