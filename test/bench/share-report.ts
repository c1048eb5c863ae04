// BENCHMARKS.md's table for tabs sharing one libzmq, from
// bench-results/share.json (share.bench.ts); nothing if that run is absent.
import { existsSync, readFileSync } from "node:fs";

type ShareRow = {
  tabs: number;
  share: boolean;
  secondTabFirstMessageMs?: number;
  secondTabSpreadMs?: [number, number];
  secondTabFromNavigationMs?: number;
  chromiumPssMiB: number;
  gatewayConnections: number;
};

export function shareSection(file = "bench-results/share.json"): string[] {
  if (!existsSync(file)) return [];
  const results = JSON.parse(readFileSync(file, "utf8")) as { rounds: number; idleChromiumPssMiB: number; loadAverage?: [number, number]; rows: ShareRow[] };
  const load = results.loadAverage ? ` The machine's load average was ${results.loadAverage.map((n) => n.toFixed(1)).join("-")} during the runs.` : "";
  const ms = (n?: number) => (n === undefined ? "" : `${Math.round(n)} ms`);
  return [
    "## Tabs sharing one libzmq", "",
    `\`configure({ share: true })\` (one SharedWorker host for the origin's tabs) against each tab its own Worker, in Chromium over the bare DevTools pipe, each tab subscribing to one native publisher through the gateway; median of ${results.rounds} interleaved rounds ([test/bench/share.bench.ts](test/bench/share.bench.ts)). "Second tab" is its first message, from its socket's creation (its page module loaded) and from its navigation; memory is the PSS of all Chromium's processes with every tab receiving (${Math.round(results.idleChromiumPssMiB)} MiB with no tab). The tab's line to the shared host opens at \`configure({ share: true })\`, before its socket.${load}`,
    "",
    "| tabs | host | second tab: socket -> first message (min-max) | from navigation | Chromium PSS | gateway connections |",
    "|---:|---|---:|---:|---:|---:|",
    ...results.rows.map((row) => {
      const spread = row.secondTabSpreadMs ? ` (${row.secondTabSpreadMs.map((n) => Math.round(n)).join("-")})` : "";
      return `| ${row.tabs} | ${row.share ? "shared" : "own Worker"} | ${ms(row.secondTabFirstMessageMs)}${spread} | ${ms(row.secondTabFromNavigationMs)} | ${Math.round(row.chromiumPssMiB)} MiB | ${row.gatewayConnections} |`;
    }),
    "",
  ];
}
