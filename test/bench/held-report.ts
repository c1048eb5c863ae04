// BENCHMARKS.md's memory section, from bench-results/held.json
// (held.bench.ts); nothing if that run is absent.
import { existsSync, readFileSync } from "node:fs";
import type { GatewayLoad } from "./gateway-load.ts";

type HeldFigure = { rss: number; heapUsed?: number; rssOverN: number; rssIdle: number; newSpace?: number };
type HeldResults = {
  cores: number;
  loadAverage: number[];
  count: number;
  runs: number;
  loadSeconds: number;
  held: Record<string, { perConnection: { rss: number } }[]>;
  load: Record<string, GatewayLoad[]>;
  median: { held: Record<string, HeldFigure>; load: Record<string, GatewayLoad> };
};

const kb = (bytes: number | undefined) => (bytes === undefined ? "-" : `${(bytes / 1024).toFixed(1)} KB`);
const mebibytes = (bytes: number | undefined) => (bytes === undefined ? "-" : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const count = (n: number) => Math.round(n).toLocaleString("en-US");

const serverNames: Record<string, string> = {
  gateway: "zeromq-wasm-gateway",
  "gateway before": "zeromq-wasm-gateway, before (HELD_BEFORE_CLI)",
  plain: "plain ws server",
  nginx: "nginx",
};

export function heldSection(file = "bench-results/held.json"): string[] {
  if (!existsSync(file)) return [];
  const results = JSON.parse(readFileSync(file, "utf8")) as HeldResults;
  const { held, load } = results.median;
  const n = results.count;
  const main = Object.keys(held).filter((name) => serverNames[name]);
  const bounded = Object.keys(load).map(Number).sort((a, b) => b - a);
  const semiName = (semi: number) => (semi === 16 ? "gateway, V8's default (semi-space up to 16 MiB)" : `gateway, semi-space ${semi} MiB`);
  const heldOf = (semi: number) => held[semi === 16 ? "gateway" : `gateway, semi-space ${semi} MiB`];
  const load0 = load[16];
  const range = (semi: number, key: keyof GatewayLoad, format: (n: number) => string) => {
    const values = results.load[semi].map((run) => run[key]);
    return `${format(Math.min(...values))}-${format(Math.max(...values))}`;
  };
  return [
    "## Memory per held connection",
    "",
    `The server's own process, the clients elsewhere ([test/bench/held.bench.ts](test/bench/held.bench.ts), [test/bench/held.ts](test/bench/held.ts)): the gateway (each connection a WebSocket plus its TCP connection to a target in another process), a plain \`ws\` server that echoes, and nginx proxying the WebSockets to that ws server (its worker; it too holds two connections each). After a warm-up of ${count(n)} connections opened and closed, memory is read at 0, ${count(n)}, ${count(2 * n)} and ${count(3 * n)} held; **per connection** is the slope over ${count(n)}..${count(3 * n)}: what one more connection costs a running server. Node servers are read after a full garbage collection, with V8's young generation at its full size from the start: it is a fixed cost, not a connection's, and would otherwise land in whichever step it doubled in. *Total / N* is RSS growth from 0 to ${count(3 * n)} over ${count(3 * n)}. Median of ${results.runs} interleaved runs; load average ${results.loadAverage.map((l) => l.toFixed(1)).join(", ")} on ${results.cores} cores (other jobs).`,
    "",
    "| server | RSS per connection (slope) | JS heap per connection (slope) | total / N | RSS with none held, after the warm-up | runs (RSS slope, KB) |",
    "|---|---:|---:|---:|---:|---|",
    ...main.map((name) => {
      const figure = held[name];
      const runs = results.held[name].map((r) => (r.perConnection.rss / 1024).toFixed(1)).join(", ");
      return `| ${serverNames[name]} | ${kb(figure.rss)} | ${kb(figure.heapUsed)} | ${kb(figure.rssOverN)} | ${mebibytes(figure.rssIdle)} | ${runs} |`;
    }),
    "",
    `### V8's young generation: a fixed cost, and what bounding it costs`,
    "",
    `The young generation (two semi-spaces) grows to 32 MiB under the allocation rate of many handshakes, once, whatever the number of connections held. Bounding it (\`node --max-semi-space-size=<MiB>\`, or \`NODE_OPTIONS=--max-semi-space-size=<MiB>\` for the CLI) saves that memory and makes V8 collect more often. Each variant side by side in fresh gateway processes ([test/bench/gateway-load.ts](test/bench/gateway-load.ts)): its RSS with none held, its RSS slope, one Node ws reader of a TCP feed streaming 64 KB records flat out (${results.loadSeconds} s), and ${count(load0.fanOut)} readers each sent 100 B every 100 ms (their ${count(load0.fanOut)} handshakes, 100 at a time, then ${results.loadSeconds} s; *delivered* is the share of what the target sent that reached the readers, which run in the benchmark's process). Medians, with the runs' range where timing varies with the machine's other jobs.`,
    "",
    "| gateway | young generation (V8's new space) | RSS with none held, after the warm-up | RSS per connection | stream MB/s | CPU s per GB streamed | 1,000 handshakes | fan-out delivered | fan-out CPU | fan-out RSS |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...bounded.map((semi) => {
      const figure = heldOf(semi);
      const l = load[semi];
      return `| ${semiName(semi)} | ${mebibytes(figure?.newSpace)} | ${mebibytes(figure?.rssIdle)} | ${kb(figure?.rss)} | ${l.streamMBps.toFixed(0)} (${range(semi, "streamMBps", (v) => v.toFixed(0))}) | ${l.streamCpuSecondsPerGB.toFixed(2)} | ${count(l.fanOutOpenMs)} ms (${range(semi, "fanOutOpenMs", count)}) | ${(l.fanOutDelivered * 100).toFixed(0)} % | ${(l.fanOutCpu * 100).toFixed(0)} % | ${mebibytes(l.fanOutRssBytes)} |`;
    }),
    "",
  ];
}
