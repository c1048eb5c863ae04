// npm run bench (deployment part): README's deployment on loopback, big:
// a zeromq-wasm Publisher (this process) -> zeromq-wasm-proxy (XSUB/XPUB)
// -> nginx (examples/deployment/nginx.conf) -> 2 zeromq-wasm-gateway
// processes -> up to DEPLOY_SUBSCRIBERS (default 5,000) WebSocket
// subscribers in this process. The subscribers are lean ZMTP-over-WebSocket
// clients (test/support/zmtp-ws-subscriber.ts: a ws client and a frame
// parser each; 5,000 libzmq sockets would not fit one process's wasm heap).
// They open in batches, spread over loopback source addresses (nginx keeps
// a per-address limit); ramping stops at the first batch that fails or
// after DEPLOY_RAMP_SECONDS, and the figures are for what was held.
// Then DEPLOY_RATE msg/s (default 2, far under the proxy's HWM of 1,000;
// 10,000 deliveries/s at 5,000 subscribers, what this 2-core machine carries)
// for DEPLOY_SECONDS (default 10), each message carrying its send time:
// delivered msg/s in total, end-to-end latency p50/p99, every subscriber
// counted for every message; RSS per held connection in each gateway, nginx
// and the proxy; and every connection released at the end (both gateways'
// /metrics back to 0 open, nginx's and the proxy's descriptors and the
// proxy's connections back to their baseline). Memory per held connection
// beside a plain ws server and nginx: held.bench.ts. Writes
// bench-results/deployment.json (DEPLOY_PROXY=native: libzmq's native
// proxy, pyzmq, in its place: deployment-native.json).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { Publisher } from "../../dist/index.js";
import { deploymentUnavailable, establishedOn, fdCount, rssBytes, startDeployment } from "../support/deployment.ts";
import { serveRepo } from "../support/static-server.ts";
import { BareChromium, treeCpuSeconds, type BarePage } from "./cdp.ts";
import { leanSubscriber, type LeanSubscriber } from "../support/zmtp-ws-subscriber.ts";

const wanted = Number(process.env.DEPLOY_SUBSCRIBERS ?? 5000);
const rate = Number(process.env.DEPLOY_RATE ?? 2);
const seconds = Number(process.env.DEPLOY_SECONDS ?? 10);
const rampSeconds = Number(process.env.DEPLOY_RAMP_SECONDS ?? 120);
/** Real Chromium pages among the subscribers (a zeromq-wasm Subscriber each, its libzmq in a Web Worker). */
const pageCount = Number(process.env.DEPLOY_PAGES ?? 3);
const batch = 250;
const perAddress = 100; // under nginx's limit_conn of 200 per client address
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// Interrupted: exit normally, so that deployment.ts stops its children.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
if (deploymentUnavailable) {
  console.log(`deployment bench skipped: ${deploymentUnavailable}`);
  process.exit(0);
}

/** Polls `check` until true or `ms` passed; resolves with how long it took, or undefined. */
async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<number | undefined> {
  const start = performance.now();
  while (performance.now() - start < ms) {
    if (await check()) return performance.now() - start;
    await sleep(100);
  }
  return undefined;
}

const proxyKind = process.env.DEPLOY_PROXY === "native" ? "native" : "wasm";
// The pages come from http://localhost (the gateways allow that origin).
const site = await serveRepo({ isolated: false, extra: { "/__deploy/page.html": pageHtml() } });
const siteUrl = site.url.replace("127.0.0.1", "localhost");
const d = await startDeployment({ gatewayCount: 2, maxConnections: wanted + 100, proxy: proxyKind, origins: [siteUrl] });
const xsubPort = Number(d.publishTo.split(":").pop());
const xpubPort = Number(d.feed.split(":")[1]);
const nginx = d.nginxWorkers[0];
const baseline = {
  gatewayRss: d.gateways.map((g) => rssBytes(g.pid)),
  nginxRss: rssBytes(nginx),
  proxyRss: rssBytes(d.proxyPid),
  nginxFds: fdCount(nginx),
  proxyFds: fdCount(d.proxyPid),
};
const publisher = new Publisher({ linger: 0 });
publisher.connect(d.publishTo);

// Each message: the topic, then [seq u32][send time, hrtime ns u64].
const topic = Buffer.from("feed");
const counts: number[] = [];
/** The counts of the subscribers held (a failed one's is NaN). */
const heldCounts = () => counts.filter((n) => !Number.isNaN(n));
const latenciesUs: number[] = [];
let measuring = false;
let lastArrival = 0;
const subscribers: LeanSubscriber[] = [];
const rampStart = performance.now();
let rampStopped = "";
while (subscribers.length < wanted) {
  if ((performance.now() - rampStart) / 1000 > rampSeconds) {
    rampStopped = `ramp time (${rampSeconds} s) used up`;
    break;
  }
  const opening = Array.from({ length: Math.min(batch, wanted - subscribers.length) }, (_, i) => {
    const index = subscribers.length + i;
    counts[index] = 0;
    const address = `127.0.0.${2 + Math.floor(index / perAddress)}`;
    return leanSubscriber(
      d.url,
      topic,
      (frames) => {
        const body = frames[1];
        if (!body || body.length < 12) return;
        // An announcement (seq 0xffffffff) counts only before the measured feed.
        if (body.readUInt32BE(0) === 0xffffffff) return void (measuring || counts[index]++);
        counts[index]++;
        if (!measuring) return;
        const now = process.hrtime.bigint();
        lastArrival = performance.now();
        latenciesUs.push(Number(now - body.readBigUInt64BE(4)) / 1000);
      },
      address,
    );
  });
  const settled = await Promise.allSettled(opening.map((s) => s.subscribed));
  const failed = settled.filter((s) => s.status === "rejected");
  if (failed.length) {
    // Keep the batch's subscribers that made it; the figures count those held.
    const kept = opening.filter((_, i) => settled[i].status === "fulfilled");
    opening.forEach((s, i) => {
      if (settled[i].status === "fulfilled") return;
      s.close();
      counts[subscribers.length + i] = NaN; // not held: not counted
    });
    rampStopped = `${failed.length} of a batch of ${opening.length} failed at ${subscribers.length + opening.length}: ${(failed[0] as PromiseRejectedResult).reason}`;
    subscribers.push(...kept);
    break;
  }
  subscribers.push(...opening);
  process.stdout.write(`\rdeployment: ${subscribers.length} subscribers`);
}
const rampMs = performance.now() - rampStart;
const browser = pageCount ? BareChromium.launch() : undefined;
const pages: BarePage[] = [];
let pageError = "";
try {
  for (let i = 0; i < pageCount; i++) {
    const page = await browser!.newPage(`${siteUrl}/__deploy/page.html?gateway=${encodeURIComponent(new URL(d.url).origin.replace("http", "ws"))}&feed=${d.feed}`);
    pages.push(page);
    const state = await page.evaluate(async () => {
      const deadline = Date.now() + 30_000;
      while (!(window as never as { deploy?: unknown }).deploy && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return (window as never as { deploy?: { state: string } }).deploy?.state ?? "no page script";
    }, null);
    if (state !== "ready") throw new Error(`page ${i}: ${state}`);
  }
} catch (error) {
  pageError = (error as Error).message;
  console.log(`deployment: Chromium pages: ${pageError}`);
  for (const page of pages.splice(0)) await page.close();
}
/** Each page's count of feed messages since the last reset (-1: no such page). */
const pageCounts = () =>
  Promise.all(pages.map((page) => page.evaluate(() => (window as never as { deploy?: { count: number } }).deploy?.count ?? -1, null)));
const resetPages = () => Promise.all(pages.map((page) => page.evaluate(() => void ((window as never as { deploy: { count: number } }).deploy.count = 0), null)));
process.stdout.write("\n");
if (rampStopped) console.log(`deployment: ramp stopped: ${rampStopped}`);
const perGateway = await Promise.all(d.gateways.map((g) => g.openConnections()));
const held = perGateway.reduce((a, b) => a + b, 0);
await sleep(1000);
const loaded = {
  gatewayRss: d.gateways.map((g) => rssBytes(g.pid)),
  nginxRss: rssBytes(nginx),
  proxyRss: rssBytes(d.proxyPid),
};

// Subscriptions travel up through the proxy: announce until everyone heard.
const send = (seq: number) => {
  const body = Buffer.alloc(12);
  body.writeUInt32BE(seq >>> 0, 0);
  body.writeBigUInt64BE(process.hrtime.bigint(), 4);
  return publisher.send([topic, body]);
};
const subscribedAll = await until(async () => {
  await send(0xffffffff);
  await sleep(200);
  return heldCounts().every((n) => n > 0) && (await pageCounts()).every((n) => n > 0);
}, 60_000);
if (subscribedAll === undefined) console.log(`deployment: ${heldCounts().filter((n) => n === 0).length} subscribers heard nothing after 60 s`);
await sleep(1000);
measuring = true;
for (let i = 0; i < counts.length; i++) if (!Number.isNaN(counts[i])) counts[i] = 0;
await resetPages();
const total = rate * seconds;
/** CPU seconds of each part so far: gateways, nginx's worker, the proxy, this process (publisher and subscribers). */
const cpuNow = () => [...d.gateways.map((g) => treeCpuSeconds(g.pid)), treeCpuSeconds(nginx), treeCpuSeconds(d.proxyPid), process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6];
const cpuBefore = cpuNow();
const sendStart = performance.now();
for (let seq = 0; seq < total; seq++) {
  await send(seq);
  const due = sendStart + ((seq + 1) * 1000) / rate;
  await sleep(Math.max(0, due - performance.now()));
}
const drained = await until(async () => heldCounts().every((n) => n >= total) && (await pageCounts()).every((n) => n >= total), 30_000);
const pagesReceived = await pageCounts();
// Cores each part used while the feed ran (from the first send to the last arrival).
const feedSeconds = (Math.max(lastArrival, sendStart + 1) - sendStart) / 1000;
const cpuAfter = cpuNow();
const coresUsed = cpuAfter.map((seconds, i) => (seconds - cpuBefore[i]) / feedSeconds);
/** The machine's 1-minute load average then: on a shared machine, runnable processes not ours. */
const loadAverage = Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
measuring = false;
const delivered = heldCounts().reduce((a, b) => a + b, 0);
const short = heldCounts().filter((n) => n < total).length;
const sorted = latenciesUs.sort((a, b) => a - b);

// Release: every subscriber closes; everything goes back to its baseline.
const releaseStart = performance.now();
for (const s of subscribers) s.close();
await Promise.all(subscribers.map((s) => s.closed));
for (const page of pages) await page.close();
await browser?.close();
await site.close();
publisher.close();
const releasedIn = await until(
  async () =>
    (await Promise.all(d.gateways.map((g) => g.openConnections()))).every((n) => n === 0) &&
    establishedOn(xpubPort) === 0 &&
    establishedOn(xsubPort) === 0 &&
    fdCount(nginx) <= baseline.nginxFds &&
    fdCount(d.proxyPid) <= baseline.proxyFds,
  30_000,
);
const released = releasedIn === undefined ? undefined : performance.now() - releaseStart;
const after = { gatewayOpen: await Promise.all(d.gateways.map((g) => g.openConnections())), nginxFds: fdCount(nginx), proxyFds: fdCount(d.proxyPid), proxyConnections: establishedOn(xpubPort) };
await d.stop();

const results = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, model: cpus()[0]?.model, memoryGiB: totalmem() / 2 ** 30 },
  proxy: proxyKind,
  wanted,
  held,
  perGateway,
  rampSeconds: rampMs / 1000,
  rampStopped: rampStopped || undefined,
  rate,
  seconds,
  sent: total,
  delivered,
  expected: total * subscribers.length,
  subscribersShort: short,
  pages: { count: pages.length, received: pagesReceived, error: pageError || undefined },
  drainedWithinMs: drained,
  deliveredPerSecond: delivered / ((lastArrival - sendStart) / 1000),
  loadAverage,
  coresUsed: { gateways: coresUsed.slice(0, d.gateways.length), nginx: coresUsed[d.gateways.length], proxy: coresUsed[d.gateways.length + 1], subscribersAndPublisher: coresUsed[d.gateways.length + 2] },
  latencyUs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] },
  rssPerConnection: {
    gateways: d.gateways.map((_, i) => (loaded.gatewayRss[i] - baseline.gatewayRss[i]) / Math.max(1, perGateway[i])),
    nginx: (loaded.nginxRss - baseline.nginxRss) / Math.max(1, held),
    proxy: (loaded.proxyRss - baseline.proxyRss) / Math.max(1, held),
  },
  rssLoaded: loaded,
  releasedWithinMs: released,
  releasedAll: released !== undefined,
  after,
  baseline: { nginxFds: baseline.nginxFds, proxyFds: baseline.proxyFds },
};
console.log(JSON.stringify(results, null, 1));
mkdirSync("bench-results", { recursive: true });
writeFileSync(`bench-results/deployment${proxyKind === "native" ? "-native" : ""}.json`, JSON.stringify(results, null, 1));
process.exit(0);

/** A page with one zeromq-wasm Subscriber (the browser build: libzmq in a
 * Web Worker) through the deployment, counting the feed's messages. */
function pageHtml(): string {
  return `<!doctype html><meta charset="utf-8"><script type="module">
import { configure, Subscriber } from "/dist/browser/client.js";
const query = new URLSearchParams(location.search);
const deploy = { state: "starting", count: 0 };
try {
  configure({ gateway: query.get("gateway") });
  const sub = new Subscriber();
  sub.connect("tcp://" + query.get("feed"));
  sub.subscribe("feed");
  deploy.state = "ready";
  (async () => { for await (const [, body] of sub) if (body.length >= 12 && new DataView(body.buffer, body.byteOffset).getUint32(0) !== 0xffffffff) deploy.count++; else if (deploy.count === 0) deploy.count = 0.5; })();
} catch (error) { deploy.state = "error: " + error.message; }
window.deploy = deploy;
</script>`;
}
