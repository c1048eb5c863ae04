// BENCHMARKS.md's dashboard table, from bench-results/dashboard.json
// (dashboard.bench.ts); nothing if that run is absent.
import { existsSync, readFileSync } from "node:fs";

type DashboardRow = { mode: string; label: string; cpu: number; rate: number; runs: number[] };
type DashboardResults = {
  rate: number;
  tickerRate: number;
  weatherRate: number;
  seconds: number;
  rounds: number;
  rows: DashboardRow[];
  split: { drawing?: number; library?: number };
};

export function dashboardSection(file = "bench-results/dashboard.json"): string[] {
  if (!existsSync(file)) return [];
  const results = JSON.parse(readFileSync(file, "utf8")) as DashboardResults;
  const pct = (n: number) => `${n.toFixed(1)} %`;
  const count = (n: number) => Math.round(n).toLocaleString("en-US");
  const lines = [
    "## The demo dashboard's CPU", "",
    `The demo dashboard ([web-demo/dashboard](web-demo/dashboard), served as \`npm start\` serves it) in Chromium at a steady ${count(results.rate)} msg/s (${count(results.tickerRate)} ticker + ${count(results.weatherRate)} weather), driven over the bare DevTools pipe: all of Chromium's processes' CPU, in % of one core, median of ${results.rounds} windows of ${results.seconds} s, the modes interleaved ([test/bench/dashboard.bench.ts](test/bench/dashboard.bench.ts)). "Drawing off" is the same page with \`?draw=off\`: the same subscriptions, decoding and counting, no drawing.`,
    "",
    "| mode | Chromium CPU | runs | msg/s counted |", "|---|---:|---|---:|",
    ...results.rows.map((row) => `| ${row.label} | ${pct(row.cpu)} | ${row.runs.join(", ")} | ${count(row.rate)} |`),
  ];
  if (results.split.drawing !== undefined) lines.push(`| **drawing** (dashboard - drawing off) | ${pct(results.split.drawing)} | | |`);
  if (results.split.library !== undefined) lines.push(`| **library** (drawing off - floor) | ${pct(results.split.library)} | | |`);
  lines.push("");
  return lines;
}
