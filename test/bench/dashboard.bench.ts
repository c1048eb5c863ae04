// npm run bench (dashboard part): Chromium's CPU while the demo dashboard
// (web-demo/dashboard, served by startDemo() as `npm start` does) takes a
// steady DASHBOARD_RATE msg/s (default 10,000: ticker + weather feeds), in
// four modes measured in turn within each round:
//  - "dashboard": the page as users see it;
//  - "no-drawing": the same page with ?draw=off: the same subscriptions,
//    decoding and counting, drawing only a counter 4 times a second (the
//    library's share, plus the page's few lines of decoding);
//  - "idle": the dashboard as users see it against a second demo whose feeds
//    are quiet (what drawing costs when nothing changes);
//  - "floor": that quiet page with ?draw=off (a live page, its worker and
//    the browser doing nothing).
// drawing = dashboard - no-drawing; library = no-drawing - floor. CPU is all
// of Chromium's processes (treeCpuSeconds, from /proc), in % of one core.
// The browser is driven over a bare DevTools pipe (cdp.ts), not Playwright.
// Medians over DASHBOARD_ROUNDS rounds (default 3) of DASHBOARD_SECONDS
// (default 5) each; DASHBOARD_MODES=dashboard,idle runs only those modes.
// Writes bench-results/dashboard.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import type { Demo } from "../../web-demo/server/demo.ts";
import { startTestDemo } from "../support/demo.ts";
import { BareChromium, treeCpuSeconds, type BarePage } from "./cdp.ts";

const rate = Number(process.env.DASHBOARD_RATE ?? 10_000);
const seconds = Number(process.env.DASHBOARD_SECONDS ?? 5);
const rounds = Number(process.env.DASHBOARD_ROUNDS ?? 3);
/** The weather feed's share (its table and chart are drawn too); the rest is ticker updates. */
const weatherRate = Math.round(rate / 10);
const tickerRate = rate - weatherRate;

type Mode = { key: string; label: string; query: string; fed: boolean };
const allModes: Mode[] = [
  { key: "dashboard", label: "dashboard as users see it", query: "", fed: true },
  { key: "no-drawing", label: "same feeds, drawing off (?draw=off)", query: "?draw=off", fed: true },
  { key: "idle", label: "idle dashboard, quiet feeds", query: "", fed: false },
  { key: "floor", label: "quiet feeds, drawing off (floor)", query: "?draw=off", fed: false },
];
const wanted = process.env.DASHBOARD_MODES?.split(",");
const modes = allModes.filter((mode) => !wanted || wanted.includes(mode.key));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The page's own message counter (the dashboard's readout). */
const received = (page: BarePage) =>
  page.evaluate(() => Number(document.querySelector("[data-testid=messages-received]")?.textContent?.replace(/,/g, "") ?? NaN), null);

/** Waits until the dashboard is live (and, fed, counting). */
function whenLive(page: BarePage, fed: boolean): Promise<void> {
  return page.evaluate(async (fed) => {
    const text = (id: string) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? "";
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      if (text("connection-state") === "live" && (!fed || Number(text("messages-received").replace(/,/g, "")) > 0)) return;
    }
    throw new Error(`dashboard not live after 30 s: ${text("connection-state")}, ${text("messages-received")} received`);
  }, fed);
}

const fed = await startTestDemo({ tickerRate, weatherRate });
const quiet: Demo = await startTestDemo({ tickerRate: 0, weatherRate: 0 });
const browser = BareChromium.launch();

/** One window: CPU % of a core over `seconds`, and the rate the page counted. */
async function measure(mode: Mode): Promise<{ cpu: number; rate: number }> {
  const page = await browser.newPage(`${(mode.fed ? fed : quiet).url}/${mode.query}#/`);
  try {
    await whenLive(page, mode.fed);
    await sleep(2000); // snapshot taken, charts started, JIT warm
    const counted = await received(page);
    const cpuBefore = treeCpuSeconds(browser.pid);
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const cpuAfter = treeCpuSeconds(browser.pid);
    const elapsed = (performance.now() - t0) / 1000;
    return { cpu: ((cpuAfter - cpuBefore) / elapsed) * 100, rate: ((await received(page)) - counted) / elapsed };
  } finally {
    await page.close();
  }
}

const runs = new Map<string, { cpu: number; rate: number }[]>(modes.map((mode) => [mode.key, []]));
try {
  await measure(modes[0]); // first page: compiles Vite's modules, warms the browser
  for (let round = 1; round <= rounds; round++) {
    for (const mode of modes) {
      const run = await measure(mode);
      runs.get(mode.key)!.push(run);
      console.log(`round ${round} ${mode.key.padEnd(10)} ${run.cpu.toFixed(1).padStart(6)} % of a core, ${Math.round(run.rate).toLocaleString("en-US").padStart(7)} msg/s counted`);
    }
  }
} finally {
  await browser.close();
  await fed.close();
  await quiet.close();
}

const rows = modes.map((mode) => {
  const modeRuns = runs.get(mode.key)!;
  return {
    mode: mode.key,
    label: mode.label,
    cpu: median(modeRuns.map((run) => run.cpu)),
    rate: median(modeRuns.map((run) => run.rate)),
    runs: modeRuns.map((run) => Number(run.cpu.toFixed(1))),
  };
});
const cpuOf = (key: string) => rows.find((row) => row.mode === key)?.cpu;
const [dashboard, noDrawing, floor] = [cpuOf("dashboard"), cpuOf("no-drawing"), cpuOf("floor")];
const split = {
  drawing: dashboard !== undefined && noDrawing !== undefined ? dashboard - noDrawing : undefined,
  library: noDrawing !== undefined && floor !== undefined ? noDrawing - floor : undefined,
};

console.log(`\nDashboard at ${rate.toLocaleString("en-US")} msg/s (${tickerRate} ticker + ${weatherRate} weather), Chromium CPU in % of one core, median of ${rounds} x ${seconds} s`);
for (const row of rows) console.log(`  ${row.label.padEnd(40)} ${row.cpu.toFixed(1).padStart(6)} %  (runs: ${row.runs.join(", ")}; ${Math.round(row.rate).toLocaleString("en-US")} msg/s counted)`);
if (split.drawing !== undefined) console.log(`  drawing (dashboard - no-drawing)         ${split.drawing.toFixed(1).padStart(6)} %`);
if (split.library !== undefined) console.log(`  library (no-drawing - floor)             ${split.library.toFixed(1).padStart(6)} %`);

mkdirSync("bench-results", { recursive: true });
writeFileSync(
  "bench-results/dashboard.json",
  JSON.stringify({ date: new Date().toISOString(), machine: { cores: cpus().length, model: cpus()[0]?.model }, rate, tickerRate, weatherRate, seconds, rounds, rows, split }, null, 2),
);
console.log("\nwrote bench-results/dashboard.json");
