// A/B of a page's REQ round trips (and SUB throughput) between two builds:
// node --import tsx test/bench/page-latency-ab.ts <before-checkout> [runs]
// Both checkouts must be built (npm run build). Modelled on the round-trip
// section of browser.bench.ts: bare CDP Chromium, the gateway as a process,
// a native pyzmq REP, 3000 requests of 100 B after 300 dropped; pages served
// cross-origin isolated, so performance.now() is not rounded to 100 µs.
// Runs alternate (A B B A ...) on fresh pages; prints each run and the
// medians of the runs' mean, p50 and p99.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BareChromium, treeCpuSeconds, type BarePage } from "./cdp.ts";
import { echoServer } from "../support/tcp.ts";

type Serve = typeof import("../support/static-server.ts").serveRepo;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const beforeRoot = resolve(process.argv[2] ?? "");
const runs = Number(process.argv[3] ?? 5);
const subSeconds = Number(process.env.SUB_SECONDS ?? 3);
const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));

function py(role: string, endpoint: string, opts: object = {}) {
  const child = spawn("/usr/bin/python3", [here("peer_py.py"), role, endpoint, JSON.stringify(opts)]);
  children.push(child);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, next: async () => JSON.parse((await lines.next()).value as string) as Record<string, number> };
}

const serveFrom = async (root: string): Promise<Serve> =>
  ((await import(pathToFileURL(resolve(root, "test/support/static-server.ts")).href)) as { serveRepo: Serve }).serveRepo;
const sites = {
  before: await (await serveFrom(beforeRoot))({ isolated: true }),
  after: await (await serveFrom(here("../..")))({ isolated: true }),
};

const port = 6100 + Math.floor(Math.random() * 800);
const repEndpoint = `tcp://127.0.0.1:${port}`;
const pubEndpoint = `tcp://127.0.0.1:${port + 1}`;
const echo = await echoServer();
const args = [here("../../dist/gateway/cli.js"), "--listen", "127.0.0.1:0", "--allow", `127.0.0.1:${port}`, "--allow", `127.0.0.1:${port + 1}`, "--allow", `127.0.0.1:${echo.port}`];
for (const site of Object.values(sites)) args.push("--origin", site.url);
const gatewayChild = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
children.push(gatewayChild);
const gateway = await new Promise<string>((done) =>
  createInterface({ input: gatewayChild.stdout! }).on("line", (line) => {
    const entry = JSON.parse(line) as { event: string; url?: string };
    if (entry.event === "listening") done(entry.url!);
  }),
);
const rep = py("rep", repEndpoint);
await rep.next();
// One browser per build, so that each one's CPU can be told apart.
const browsers = { before: BareChromium.launch(), after: BareChromium.launch() };
type Zmq = typeof import("../../dist/browser/client.js");

async function openPage(site: string, browser = browsers.before): Promise<BarePage> {
  const page = await browser.newPage(`${site}/test/e2e/page.html`);
  await page.evaluate(async () => {
    while (!(window as never as { pageReady?: Promise<string> }).pageReady) await new Promise((r) => setTimeout(r, 5));
    return (window as never as { pageReady: Promise<string> }).pageReady;
  }, undefined);
  return page;
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, p50: sorted[Math.floor(sorted.length * 0.5)], p99: sorted[Math.floor(sorted.length * 0.99)] };
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Both builds' pages open at once, taking turns in blocks of 100 round
 * trips, so that the load of a shared machine falls on both alike. */
type Figures = { mean: number; p50: number; p99: number; cpu: number };
async function roundTrips(): Promise<Record<"before" | "after", Figures>> {
  const pages = { before: await openPage(sites.before.url, browsers.before), after: await openPage(sites.after.url, browsers.after) };
  const cpu = { before: 0, after: 0 };
  const samples: Record<"before" | "after", number[]> = { before: [], after: [] };
  for (const page of Object.values(pages)) {
    await page.evaluate(
      async ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: Zmq };
        zmq.configure({ gateway });
        const req = new zmq.Request();
        req.connect(endpoint);
        (window as never as { req: unknown }).req = req;
        for (let i = 0; i < 300; i++) {
          await req.send(new Uint8Array(100));
          await req.receive();
        }
      },
      { gateway, endpoint: repEndpoint },
    );
  }
  for (let block = 0; block < 30; block++) {
    const order = block % 2 === 0 ? (["before", "after"] as const) : (["after", "before"] as const);
    for (const which of order) {
      const cpuBefore = treeCpuSeconds(browsers[which].pid);
      const out = await pages[which].evaluate(async () => {
        const req = (window as never as { req: InstanceType<Zmq["Request"]> }).req;
        const message = new Uint8Array(100);
        const times: number[] = [];
        for (let i = 0; i < 100; i++) {
          const t = performance.now();
          await req.send(message);
          await req.receive();
          times.push((performance.now() - t) * 1000);
        }
        return times;
      }, undefined);
      samples[which].push(...out);
      cpu[which] += treeCpuSeconds(browsers[which].pid) - cpuBefore;
    }
  }
  await pages.before.close();
  await pages.after.close();
  // Browser CPU (all its processes) per round trip, in µs.
  const perTrip = (which: "before" | "after") => ({ ...stats(samples[which]), cpu: (cpu[which] / samples[which].length) * 1e6 });
  return { before: perTrip("before"), after: perTrip("after") };
}

async function rawEcho(): Promise<{ mean: number; p50: number; p99: number }> {
  const page = await openPage(sites.before.url);
  const samples = await page.evaluate(
    async ({ url }) => {
      const ws = new WebSocket(url);
      ws.binaryType = "arraybuffer";
      await new Promise((r) => (ws.onopen = r));
      const message = new Uint8Array(102);
      let pending: (() => void) | undefined;
      let received = 0;
      ws.onmessage = (event) => {
        received += (event.data as ArrayBuffer).byteLength;
        if (received >= 102 && pending) {
          received -= 102;
          const wake = pending;
          pending = undefined;
          wake();
        }
      };
      const out: number[] = [];
      for (let i = 0; i < 3300; i++) {
        const t = performance.now();
        const answered = new Promise<void>((r) => (pending = r));
        ws.send(message);
        await answered;
        if (i >= 300) out.push((performance.now() - t) * 1000);
      }
      ws.close();
      return out;
    },
    { url: `${gateway}/127.0.0.1:${echo.port}` },
  );
  await page.close();
  return stats(samples);
}

async function subRate(site: string, browser: BareChromium): Promise<number> {
  const page = await openPage(site, browser);
  const rate = await page.evaluate(
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
      const perSecond = count / ((performance.now() - t0) / 1000);
      sub.close();
      return perSecond;
    },
    { gateway, endpoint: pubEndpoint, seconds: subSeconds },
  );
  await page.close();
  return rate;
}

const fmt = (r: { mean: number; p50: number; p99: number; cpu?: number }) =>
  `${r.mean.toFixed(0)}/${r.p50.toFixed(0)}/${r.p99.toFixed(0)}${r.cpu === undefined ? "" : `, browser CPU ${r.cpu.toFixed(0)} µs/trip`}`;
const results: Record<"before" | "after", Figures[]> = { before: [], after: [] };
const echoes: Array<{ mean: number; p50: number; p99: number }> = [];
for (let run = 0; run < runs; run++) {
  const both = await roundTrips();
  for (const which of ["before", "after"] as const) {
    results[which].push(both[which]);
    console.log(`run ${run} ${which.padEnd(6)} REQ mean/p50/p99 µs ${fmt(both[which])}`);
  }
  const e = await rawEcho();
  echoes.push(e);
  console.log(`run ${run} raw echo mean/p50/p99 µs ${fmt(e)}`);
}
const summary = (list: Array<{ mean: number; p50: number; p99: number; cpu?: number }>) => ({
  mean: median(list.map((r) => r.mean)),
  p50: median(list.map((r) => r.p50)),
  p99: median(list.map((r) => r.p99)),
  cpu: list[0].cpu === undefined ? undefined : median(list.map((r) => r.cpu!)),
});
console.log(`medians of ${runs} runs, REQ mean/p50/p99 µs: before ${fmt(summary(results.before))}, after ${fmt(summary(results.after))}, raw echo ${fmt(summary(echoes))}`);
rep.child.kill("SIGKILL");

if (process.env.SUB_RUNS !== "0") {
  const pub = py("pub", pubEndpoint, { size: 100 });
  await pub.next();
  const rates: Record<"before" | "after", number[]> = { before: [], after: [] };
  const subRuns = Number(process.env.SUB_RUNS ?? 3);
  for (let run = 0; run < subRuns; run++) {
    const order = run % 2 === 0 ? (["before", "after"] as const) : (["after", "before"] as const);
    for (const which of order) {
      const rate = await subRate(sites[which].url, browsers[which]);
      rates[which].push(rate);
      console.log(`run ${run} ${which.padEnd(6)} SUB 100 B ${Math.round(rate)} msgs/s`);
    }
  }
  console.log(`medians of ${subRuns} runs, SUB 100 B msgs/s: before ${Math.round(median(rates.before))}, after ${Math.round(median(rates.after))}`);
  pub.child.kill("SIGKILL");
}
await Promise.all([browsers.before.close(), browsers.after.close()]);
await Promise.all([sites.before.close(), sites.after.close(), echo.close()]);
process.exit(0);
