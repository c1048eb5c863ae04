// BENCHMARKS.md's "Targets" table: issue 16's targets, each computed from
// figures of the same run (bench-results/{node,browser,dashboard}.json) and
// marked met or missed. Ratios only: absolute timings move with the machine.
import { existsSync, readFileSync } from "node:fs";
import type { PeerFigure } from "./results.ts";

type NodeRow = { name: string; wasm?: number; addon?: number };
type Dashboard = { rows: { mode: string; cpu: number }[] };

/** One target: a measured value against its bound (both in `unit`). */
type Target = { what: string; worker?: number; main?: number; bound: number; unit: string; atMost: boolean };

function peerValue(peers: PeerFigure[], figure: string, kind: "worker" | "main" | "nats" | "raw"): number | undefined {
  return peers.find((row) => row.figure === figure)?.values[kind];
}

/** value / baseline for both page builds. */
function pageRatio(peers: PeerFigure[], figure: string, baseline: "nats" | "raw", what: string, bound: number, atMost: boolean): Target {
  const base = peerValue(peers, figure, baseline);
  const of = (kind: "worker" | "main") => {
    const value = peerValue(peers, figure, kind);
    return value !== undefined && base ? value / base : undefined;
  };
  return { what, worker: of("worker"), main: of("main"), bound, unit: "x", atMost };
}

function nodeRatio(rows: NodeRow[], name: string, what: string, bound: number, atMost: boolean): Target {
  const row = rows.find((r) => r.name === name);
  return { what, worker: row?.wasm && row.addon ? row.wasm / row.addon : undefined, bound, unit: "x", atMost };
}

export function targetsSection(nodeRows: NodeRow[], peers: PeerFigure[] | undefined, dashboardFile = "bench-results/dashboard.json"): string[] {
  if (!peers?.length) return [];
  const rr = "request/reply round trip, 100 B";
  const targets: Target[] = [
    pageRatio(peers, `${rr}, mean`, "nats", "page request/reply mean / nats.js request()", 1, true),
    pageRatio(peers, `${rr}, p99`, "nats", "page request/reply p99 / nats.js request()", 1, true),
    pageRatio(peers, `${rr}, mean`, "raw", "page request/reply mean / raw WebSocket echo", 2, true),
    pageRatio(peers, "cold start to first message (median of 7)", "nats", "cold start to first message / nats.js page", 1, true),
    pageRatio(peers, "cold start to first message (median of 7)", "raw", "cold start to first message / raw WebSocket page", 2, true),
    pageRatio(peers, "bytes fetched for that cold start, brotli 11", "nats", "bytes fetched for the cold start, brotli / nats.js's", 1, true),
    pageRatio(peers, "browser CPU, page counting a steady 10k msg/s of 100 B", "nats", "browser CPU at a steady 10k msg/s / nats.js page's", 1, true),
    pageRatio(peers, "page SUB throughput, 100 B", "nats", "page SUB msgs/s at 100 B / nats.js", 2, false),
    nodeRatio(nodeRows, "REQ/REP p50, both ends", "Node REQ/REP p50, both ends / zeromq.js addon", 1.2, true),
    nodeRatio(nodeRows, "REQ/REP p99, both ends", "Node REQ/REP p99, both ends / zeromq.js addon", 2, true),
    nodeRatio(nodeRows, "PUB->SUB 64 KB, both ends", "Node PUB->SUB 64 KB msgs/s, both ends / zeromq.js addon", 1, false),
  ];
  if (existsSync(dashboardFile)) {
    const dashboard = JSON.parse(readFileSync(dashboardFile, "utf8")) as Dashboard;
    const cpu = dashboard.rows.find((row) => row.mode === "dashboard")?.cpu;
    targets.push({ what: "demo dashboard at 10k msg/s, Chromium CPU", worker: cpu, bound: 25, unit: "% of a core", atMost: true });
  }
  const show = (value: number | undefined, target: Target) => {
    if (value === undefined) return "-";
    const met = target.atMost ? value <= target.bound : value >= target.bound;
    const text = target.unit === "x" ? `${value.toFixed(2)}x` : `${value.toFixed(1)} ${target.unit}`;
    return `${text} ${met ? "met" : "**missed**"}`;
  };
  const bound = (target: Target) => `${target.atMost ? "at most" : "at least"} ${target.unit === "x" ? `${target.bound}x` : `${target.bound} ${target.unit}`}`;
  return [
    "## Targets", "",
    "Issue 16's targets, computed from the figures below (this run). Page figures for the page API's default (libzmq in the page's Worker) and for libzmq on the page's main thread (`zeromq-wasm/nothreads`); Node figures with both ends zeromq-wasm.",
    "",
    "| target | bound | page API (Worker) / Node | page main thread |", "|---|---|---|---|",
    ...targets.map((target) => `| ${target.what} | ${bound(target)} | ${show(target.worker, target)} | ${show(target.main, target)} |`),
    "",
  ];
}
