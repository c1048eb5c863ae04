// npm run bench, last step: turns bench-results/{node,browser}.json (written
// by node.bench.ts and browser.bench.ts in the same run) into BENCHMARKS.md
// with SVG charts in docs/bench/. Every figure sits beside its baseline
// from the same run; sizes are measured here.
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { barChart, type Group } from "./svg.ts";
import { dashboardSection } from "./dashboard-report.ts";
import { shareSection } from "./share-report.ts";
import { deploymentSection } from "./deployment-report.ts";
import { heldSection } from "./held-report.ts";
import { targetsSection } from "./targets-report.ts";
import type { PeerFigure, Row } from "./results.ts";

type NodeRow = { name: string; unit: string; wasm?: number; threads?: number; addon?: number; pyzmq?: number };
type BrowserRow = Row;
const node = JSON.parse(readFileSync("bench-results/node.json", "utf8")) as { date: string; reps: number; rows: NodeRow[]; machine: { model?: string; node?: string } };
const browser = JSON.parse(readFileSync("bench-results/browser.json", "utf8")) as {
  date: string;
  seconds: number;
  rows: BrowserRow[];
  peers?: PeerFigure[];
  versions?: Record<string, string>;
  driver?: string;
};

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "-" : n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(2));
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}x` : "-");
const chromium = (() => {
  try {
    return execSync("chromium --version", { encoding: "utf8" }).trim();
  } catch {
    return "Chromium";
  }
})();

// --- sizes ----------------------------------------------------------------
const sizes = (bytes: Buffer) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const wasm = sizes(readFileSync("wasm/out/zmq.wasm"));
const glue = sizes(readFileSync("wasm/out/zmq.js"));
const wasmNothreads = sizes(readFileSync("wasm/out/zmq-nothreads.wasm"));
const glueNothreads = sizes(readFileSync("wasm/out/zmq-nothreads.js"));
const libDir = "/usr/lib/x86_64-linux-gnu";
const nativeName = existsSync(libDir) ? readdirSync(libDir).find((f) => /^libzmq\.so\.5\.\d+\.\d+$/.test(f)) : undefined;
const native = nativeName ? sizes(readFileSync(`${libDir}/${nativeName}`)) : undefined;
const kb = (n: number) => `${(n / 1000).toFixed(0)} KB`; // decimal, as README states sizes

// --- charts ---------------------------------------------------------------
mkdirSync("docs/bench", { recursive: true });
const browserRow = (name: string) => browser.rows.find((r) => r.name === name);
/** Where the page ran libzmq (see browser.bench.ts), as chart bar names. */
const variantBars = (name: string, unitName = "zeromq-wasm") =>
  browser.rows.filter((r) => r.name === name && r.variant).map((r) => ({ name: `${unitName} (${r.variant})`, value: r.value }));
/** The distinct names of browser rows in a group, in order. */
const browserNames = (test: (row: BrowserRow) => boolean) => [...new Set(browser.rows.filter(test).map((r) => r.name))];
const contenders = (row: NodeRow | undefined): { name: string; value: number }[] =>
  row
    ? ([
        ["zeromq-wasm", row.wasm],
        ["zeromq-wasm/threads", row.threads],
        ["native addon (zeromq npm)", row.addon],
        ["native pyzmq", row.pyzmq],
      ] as const)
        .filter(([, v]) => v !== undefined)
        .map(([name, value]) => ({ name, value: value! }))
    : [];

const nodeThroughput: Group[] = node.rows.filter((r) => r.unit === "msgs/s").map((r) => ({ label: r.name, bars: contenders(r) }));
writeFileSync("docs/bench/node-throughput.svg", barChart({ title: "Node: messages per second (higher is better)", unit: "msgs/s", groups: nodeThroughput }));

const latencyGroups: Group[] = [
  ...node.rows.filter((r) => /REQ\/REP (p50|p99)/.test(r.name)).map((r) => ({ label: r.name.replace("REQ/REP ", "REQ/REP "), bars: contenders(r) })),
  ...browserNames((r) => r.group === "latency" && /p50|p99/.test(r.name)).map((name) => ({
    label: name.replace("page REQ -> native REP via gateway", "page REQ via gateway"),
    bars: [...variantBars(name), { name: "raw WebSocket echo (baseline)", value: browserRow(name)!.baselineValue }],
  })),
];
writeFileSync("docs/bench/latency.svg", barChart({ title: "Round-trip latency (lower is better)", unit: "µs", groups: latencyGroups }));

const pageThroughput: Group[] = browserNames((r) => r.group === "throughput" && r.name.startsWith("page SUB")).map((name) => {
  const size = name.split(", ").pop()!;
  const py = browserRow(`native pyzmq SUB <- native PUB, ${size}`);
  return {
    label: `SUB <- native PUB, ${size}`,
    bars: [
      ...variantBars(name),
      { name: "raw WebSocket limit (baseline)", value: browserRow(name)!.baselineValue },
      ...(py ? [{ name: "native pyzmq", value: py.value }] : []),
    ],
  };
});
writeFileSync("docs/bench/browser-throughput.svg", barChart({ title: "Browser page: messages per second (higher is better)", unit: "msgs/s", groups: pageThroughput }));

/** One chart per unit: cold start (ms), bytes (KB), CPU (% of a core). */
for (const [file, title, test] of [
  ["browser-startup.svg", "Browser page: cold start to first message (lower is better)", (r: BrowserRow) => r.group === "startup" && r.unit === "ms"],
  ["browser-bytes.svg", "Browser page: bytes fetched for a cold start (lower is better)", (r: BrowserRow) => r.group === "startup" && r.unit === "KB"],
  ["browser-cpu.svg", "Browser CPU while a page takes a steady 10k msg/s (lower is better)", (r: BrowserRow) => r.group === "cpu"],
] as const) {
  const names = browserNames(test);
  if (!names.length) continue;
  const groups: Group[] = names.map((name) => {
    const row = browserRow(name)!;
    return { label: name.replace(/ \(.*\)$/, ""), bars: [...variantBars(name), { name: `${row.baseline} (baseline)`, value: row.baselineValue }] };
  });
  writeFileSync(`docs/bench/${file}`, barChart({ title, unit: browserRow(names[0])!.unit, groups }));
}

const higherIsBetter = (unit: string) => /\/s$/.test(unit);
const shortName = (name: string) => name.replace(/ \(.*\)$/, "").replace(" via gateway", "");
const ratioGroups: Group[] = [
  ...node.rows
    .filter((r) => r.wasm && r.addon && r.unit !== "% of a core")
    .map((r) => ({
      label: `Node ${shortName(r.name)}`,
      bars: [{ name: "zeromq-wasm vs native addon", value: higherIsBetter(r.unit) ? r.wasm! / r.addon! : r.addon! / r.wasm! }],
    })),
  ...browser.rows
    .filter((r) => !r.name.startsWith("native pyzmq"))
    .map((r) => ({
      label: `${shortName(r.name)}${r.variant ? ` (${r.variant})` : ""}`,
      bars: [{ name: "browser / gateway figure vs its baseline", value: r.better === "higher" ? r.value / r.baselineValue : r.baselineValue / r.value }],
    })),
];
writeFileSync(
  "docs/bench/ratios.svg",
  barChart({ title: "Performance relative to the baseline measured in the same run", unit: "1.0 (dashed) = parity; right of it = better than the baseline", groups: ratioGroups, reference: 1 }),
);

/** The page's clients against nats.js, figure by figure (1.0 = nats.js;
 * right of it = better), for the peers table's key figures. */
const peerKinds = [
  ["worker", "zeromq-wasm (worker)"],
  ["main", "zeromq-wasm (main thread)"],
  ["threads", "zeromq-wasm/threads (main thread)"],
  ["mqtt", "mqtt.js"],
] as const;
const peerGroups: Group[] = (browser.peers ?? [])
  .filter((p) => /^page SUB throughput|^request\/reply round trip|^cold start|brotli|^browser CPU/.test(p.figure) && p.values.nats)
  .map((p) => ({
    label: p.figure.replace(", 100 B, ", " ").replace(" (median of 7)", "").replace(", page counting a steady 10k msg/s of 100 B", " at 10k msg/s"),
    bars: peerKinds
      .filter(([kind]) => p.values[kind])
      .map(([kind, name]) => ({ name, value: p.better === "higher" ? p.values[kind]! / p.values.nats! : p.values.nats! / p.values[kind]! })),
  }));
if (peerGroups.length) {
  writeFileSync(
    "docs/bench/browser-peers.svg",
    barChart({ title: "The page against nats.js, same run (1.0 = nats.js; right of it = better)", unit: "x nats.js (inverted where lower is better)", groups: peerGroups, reference: 1 }),
  );
}

/** When each part's results were written (parts may be re-run alone). */
function partTimes(): string {
  const time = (iso: string) => iso.slice(11, 16);
  const dashboard = existsSync("bench-results/dashboard.json") ? (JSON.parse(readFileSync("bench-results/dashboard.json", "utf8")) as { date: string }).date : undefined;
  return [`Node ${time(node.date)}`, `browser ${time(browser.date)}`, ...(dashboard ? [`dashboard ${time(dashboard)}`] : [])].join(", ");
}

// --- BENCHMARKS.md ----------------------------------------------------------
const lines: string[] = [];
lines.push("# Benchmarks", "");
lines.push(
  `Generated by \`npm run bench\` on ${node.date.slice(0, 10)}: ${cpus().length} cores (${node.machine.model ?? cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${node.machine.node ?? process.version}, ${chromium} headless. Parts run at ${partTimes()} UTC. Every figure is measured beside its baseline in the same run; nothing here is typed by hand. Timings on this shared 2-core VM are noisy (±20% run to run).`,
  "",
);
lines.push(...targetsSection(node.rows, browser.peers));
lines.push("## Node: zeromq-wasm vs native libzmq", "");
lines.push(`Median of ${node.reps} runs; each run is two processes on loopback (wasm: both ends zeromq-wasm unless the name says native).`, "");
lines.push("![Node throughput](docs/bench/node-throughput.svg)", "");
lines.push("| test | unit | zeromq-wasm | zeromq-wasm/threads | native addon | pyzmq | wasm / addon | wasm / pyzmq | threads / wasm |", "|---|---|---:|---:|---:|---:|---:|---:|---:|");
for (const r of node.rows) lines.push(`| ${r.name} | ${r.unit} | ${fmt(r.wasm)} | ${fmt(r.threads)} | ${fmt(r.addon)} | ${fmt(r.pyzmq)} | ${ratio(r.wasm, r.addon)} | ${ratio(r.wasm, r.pyzmq)} | ${ratio(r.threads, r.wasm)} |`);
lines.push("");
lines.push("## Browser: a page through the gateway vs the raw WebSocket limit", "");
lines.push(
  `Chromium pages through the gateway to native pyzmq peers, ${browser.seconds} s windows, each figure three ways: libzmq in the page's Web Worker (the page API, \`zeromq-wasm/browser\`), on the page's main thread (\`zeromq-wasm/nothreads\` imported by the page), and the threads build there (\`zeromq-wasm/threads\`: libzmq's I/O thread and reaper as Web Workers), kept beside the default while both builds exist. The browser is driven over a bare DevTools-protocol pipe ([test/bench/cdp.ts](test/bench/cdp.ts)) that enables no protocol domain: Playwright enables the Network domain, and Chromium then reports every WebSocket frame to the driver, which slowed page WebSockets 2-4x here. CPU is all of Chromium's processes, from /proc.`,
  "",
);
lines.push("![Browser throughput](docs/bench/browser-throughput.svg)", "");
lines.push("![Browser cold start](docs/bench/browser-startup.svg)", "", "![Browser bytes](docs/bench/browser-bytes.svg)", "", "![Browser CPU](docs/bench/browser-cpu.svg)", "");
lines.push("| test | where libzmq runs | unit | value | baseline (same run) | baseline value | ratio |", "|---|---|---|---:|---|---:|---:|");
for (const r of browser.rows) lines.push(`| ${r.name}${r.detail ? ` (${r.detail})` : ""} | ${r.variant ?? "-"} | ${r.unit} | ${fmt(r.value)} | ${r.baseline} | ${fmt(r.baselineValue)} | ${(r.value / r.baselineValue).toFixed(2)}x |`);
lines.push("");
if (browser.peers?.length) {
  lines.push("## Browser: page vs the peers dashboard builders use", "");
  lines.push("![The page against nats.js](docs/bench/browser-peers.svg)", "");
  const versions = Object.entries(browser.versions ?? {}).map(([name, version]) => `${name} ${version}`).join(", ");
  lines.push(
    `The same page code ([test/bench/page/measure.ts](test/bench/page/measure.ts)) in the same run with each client: zeromq-wasm through the gateway (worker, main thread, and the threads build on the main thread), nats.js (\`wsconnect\`) at nats-server's WebSocket listener, mqtt.js at mosquitto's WebSocket listener (both brokers started by the bench from their own config files: [test/bench/brokers.ts](test/bench/brokers.ts)), and a raw WebSocket through the gateway where it applies (throughput: records/s of a byte stream of the same record size, the limit; no stamps, so no share or age). Client libraries are bundled with esbuild (minified), as a user's bundler would. Versions: ${versions}, ${chromium}. Browser driven over a ${browser.driver ?? "bare DevTools-protocol pipe"}. ` +
      "Publishers (pyzmq PUB for zeromq-wasm, Node nats.js / mqtt.js clients for the brokers) send flat out and stamp each message with its send time and sequence number: *share delivered* is messages the page received / messages published in the page's window (publisher progress lines, every 100 ms); *age on arrival* is the page's wall clock (performance.timeOrigin + now) minus the stamp, all on one machine. Request/reply: zeromq-wasm REQ to a pyzmq REP, nats.js `request()` to a Node responder, mqtt.js publishing on a request topic with the responder publishing on a reply topic (QoS 0), raw WebSocket echo. CPU: all Chromium processes while the page only counts a steady 10k msg/s feed (pyzmq, or Node publishers sending 100 messages every 10 ms).",
    "",
  );
  lines.push(
    "| figure | unit | better | zeromq-wasm (worker) | zeromq-wasm (main thread) | zeromq-wasm/threads (main thread) | nats.js | mqtt.js | raw WebSocket | worker / nats.js | main thread / nats.js |",
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const { figure, unit, better, values } of browser.peers) {
    lines.push(`| ${figure} | ${unit} | ${better} | ${fmt(values.worker)} | ${fmt(values.main)} | ${fmt(values.threads)} | ${fmt(values.nats)} | ${fmt(values.mqtt)} | ${fmt(values.raw)} | ${ratio(values.worker, values.nats)} | ${ratio(values.main, values.nats)} |`);
  }
  lines.push("");
}
lines.push(...dashboardSection());
lines.push(...shareSection());
lines.push(...deploymentSection());
lines.push(...heldSection());
lines.push("## Latency", "", "![Latency](docs/bench/latency.svg)", "");
lines.push("## Size", "");
lines.push("| file | raw | gzip -9 | brotli 11 |", "|---|---:|---:|---:|");
lines.push(`| zmq.wasm (libzmq with threads + CURVE + our shim: zeromq-wasm/threads) | ${kb(wasm.raw)} | ${kb(wasm.gzip)} | ${kb(wasm.brotli)} |`);
lines.push(`| zmq.js (its emscripten glue) | ${kb(glue.raw)} | ${kb(glue.gzip)} | ${kb(glue.brotli)} |`);
lines.push(`| zmq-nothreads.wasm (libzmq without threads: the default build) | ${kb(wasmNothreads.raw)} | ${kb(wasmNothreads.gzip)} | ${kb(wasmNothreads.brotli)} |`);
lines.push(`| zmq-nothreads.js (its glue) | ${kb(glueNothreads.raw)} | ${kb(glueNothreads.gzip)} | ${kb(glueNothreads.brotli)} |`);
if (native) lines.push(`| baseline: native ${nativeName} (Debian, x86-64) | ${kb(native.raw)} | ${kb(native.gzip)} | ${kb(native.brotli)} |`);
if (native) lines.push("", `zmq.wasm is ${(wasm.raw / native.raw).toFixed(2)}x the native library raw and ${(wasm.brotli / native.brotli).toFixed(2)}x brotli-compressed.`);
lines.push("");
lines.push("## Every figure against its baseline", "", "![Ratios](docs/bench/ratios.svg)", "");
writeFileSync("BENCHMARKS.md", lines.join("\n"));
console.log("wrote BENCHMARKS.md and docs/bench/*.svg");
