// npm run bench (memory part): memory per held connection of the gateway,
// a plain ws server and nginx (held.ts, HELD_RUNS interleaved runs, 1,000
// connections a step), and V8's young generation: the gateway with it at
// V8's default size and bounded (--max-semi-space-size), each's fixed RSS
// and its throughput (gateway-load.ts) side by side. HELD_BEFORE_CLI:
// another gateway build's dist/gateway/cli.js measured beside this one
// (before/after). Writes bench-results/held.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { heldCost } from "./gateway-figures.ts";
import { gatewayLoad, type GatewayLoad } from "./gateway-load.ts";
import type { HeldResult } from "./results.ts";

const runs = Number(process.env.HELD_RUNS ?? 3);
const count = 1000;
const loadSeconds = Number(process.env.HELD_LOAD_SECONDS ?? 5);
/** Young generation sizes compared: semi-space MiB (V8's default: 16). */
const semiSpaces = [16, 4, 1];
const semiArgs = (mib: number) => `--min-semi-space-size=${mib} --max-semi-space-size=${mib}`;

type Measured = { name: string; mode: "gateway" | "plain" | "nginx"; env: Record<string, string> };
const measured: Measured[] = [
  { name: "gateway", mode: "gateway", env: {} },
  ...(process.env.HELD_BEFORE_CLI ? [{ name: "gateway before", mode: "gateway" as const, env: { HELD_GATEWAY_CLI: process.env.HELD_BEFORE_CLI } }] : []),
  ...semiSpaces.slice(1).map((mib) => ({ name: `gateway, semi-space ${mib} MiB`, mode: "gateway" as const, env: { HELD_NODE_ARGS: semiArgs(mib) } })),
  { name: "plain", mode: "plain", env: {} },
  { name: "nginx", mode: "nginx", env: {} },
];

const loadAverage = [loadavg()[0]];
const held: Record<string, HeldResult[]> = Object.fromEntries(measured.map((m) => [m.name, []]));
const load: Record<string, GatewayLoad[]> = Object.fromEntries(semiSpaces.map((mib) => [mib, []]));
for (let run = 0; run < runs; run++) {
  for (const { name, mode, env } of measured) {
    held[name].push(heldCost(mode, count, env));
    console.log(`held ${name}: ${(held[name].at(-1)!.perConnection.rss / 1024).toFixed(1)} KB`);
  }
  for (const mib of semiSpaces) {
    // V8's default is no flag at all.
    load[mib].push(await gatewayLoad(mib === 16 ? [] : [`--max-semi-space-size=${mib}`], loadSeconds));
    console.log(`load semi-space ${mib} MiB: ${JSON.stringify(load[mib].at(-1))}`);
  }
  loadAverage.push(loadavg()[0]);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = {
  date: new Date().toISOString(),
  cores: cpus().length,
  loadAverage,
  count,
  runs,
  loadSeconds,
  held,
  load,
  median: {
    held: Object.fromEntries(
      Object.entries(held).map(([name, results]) => [
        name,
        {
          rss: median(results.map((r) => r.perConnection.rss)),
          heapUsed: results[0].perConnection.heapUsed === undefined ? undefined : median(results.map((r) => r.perConnection.heapUsed!)),
          rssOverN: median(results.map((r) => r.rssOverN)),
          rssIdle: median(results.map((r) => r.points[0].rss)),
          newSpace: results[0].points[0].newSpace,
        },
      ]),
    ),
    load: Object.fromEntries(Object.entries(load).map(([mib, results]) => [mib, Object.fromEntries(Object.keys(results[0]).map((key) => [key, median(results.map((r) => r[key as keyof GatewayLoad]))]))])),
  },
};
mkdirSync("bench-results", { recursive: true });
writeFileSync("bench-results/held.json", JSON.stringify(results, null, 1));
console.log(JSON.stringify(results.median, null, 1));
process.exit(0);
