// Sharing one libzmq among tabs (configure({ share: true })) against each
// tab its own Worker: a second tab's time to its first message, and for 1,
// 2, 5 and 10 tabs on the same feed, Chromium's memory (PSS of its whole
// process tree) and the gateway's open connections. Chromium over a bare
// DevTools pipe (cdp.ts); a native publisher through a real gateway.
// Runs are interleaved (off, on, off, on, ...) and figures are medians.
//
//   node --import tsx test/bench/share.bench.ts [--rounds 3] [--tabs 1,2,5,10]
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createGateway } from "../../dist/gateway/server.js";
import { NativePeer } from "../support/native-peer.ts";
import { serveRepo } from "../support/static-server.ts";
import { sleep } from "../support/util.ts";
import { BareChromium, treePssBytes, type BarePage } from "./cdp.ts";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "3" }, tabs: { type: "string", default: "1,2,5,10" } } });
const ROUNDS = Number(values.rounds);
const TABS = values.tabs.split(",").map(Number);

const page = (share: boolean) =>
  `<!doctype html><meta charset="utf-8"><script type="module">import * as zmq from "/dist/browser/client.js"; ` +
  `zmq.configure({ share: ${share} }); window.zmq = zmq;</script>`;

const publisher = NativePeer.start("pub", { topics: ["tick"], rounds: 100_000_000, interval: 0.001 });
const endpoint = await publisher.endpoint();
const site = await serveRepo({ isolated: false, extra: { "/__share/on.html": page(true), "/__share/off.html": page(false) } });
const gateway = await createGateway({ port: 0, allow: [endpoint.replace("tcp://", "")], origins: [site.url], log: () => {} });
const chromium = BareChromium.launch();

/** A subscriber on the tab; ms to its first message from the tab's
 * navigation, and from the socket's creation (the page's module loaded). */
function firstMessage(tab: BarePage): Promise<{ fromNavigation: number; fromSocket: number }> {
  return tab.evaluate(
    async ({ gateway, endpoint }) => {
      const w = window as never as { zmq?: typeof import("../../dist/browser/client.js") };
      while (!w.zmq) await new Promise((resolve) => setTimeout(resolve, 1));
      const start = performance.now();
      const sub = new w.zmq.Subscriber();
      sub.connect(endpoint, { gateway });
      sub.subscribe("tick");
      await sub.receive();
      const at = performance.now();
      void (async () => {
        for await (const _ of sub);
      })();
      return { fromNavigation: at, fromSocket: at - start };
    },
    { gateway: gateway.url, endpoint },
  );
}

interface Run {
  /** The second tab's first message, ms from its socket's creation. */
  secondTabMs?: number;
  /** The same, from its navigation. */
  secondTabNavigationMs?: number;
  pssBytes: number;
  connections: number;
}

async function run(share: boolean, tabs: number): Promise<Run> {
  const context = await chromium.newContext();
  const pages: BarePage[] = [];
  const firsts: Array<{ fromNavigation: number; fromSocket: number }> = [];
  for (let i = 0; i < tabs; i++) {
    const tab = await chromium.newPage(`${site.url}/__share/${share ? "on" : "off"}.html`, context.id);
    pages.push(tab);
    firsts.push(await firstMessage(tab));
  }
  await sleep(1000); // settled: every tab receiving
  const result: Run = { pssBytes: treePssBytes(chromium.pid), connections: gateway.stats().open };
  if (tabs >= 2) [result.secondTabMs, result.secondTabNavigationMs] = [firsts[1]!.fromSocket, firsts[1]!.fromNavigation];
  for (const tab of pages) await tab.close();
  await context.close();
  await sleep(300);
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runs = new Map<string, Run[]>();
const loads: number[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const tabs of TABS) {
      for (const share of [false, true]) {
        const key = `${share ? "shared" : "own"} ${tabs}`;
        const result = await run(share, tabs);
        loads.push(loadavg()[0]!);
        runs.set(key, [...(runs.get(key) ?? []), result]);
        console.error(`${key}: ${JSON.stringify(result)}`);
      }
    }
  }
  const rows = [];
  const baseline = treePssBytes(chromium.pid);
  for (const tabs of TABS) {
    for (const share of [false, true]) {
      const of = runs.get(`${share ? "shared" : "own"} ${tabs}`)!;
      const second = of.map((r) => r.secondTabMs).filter((ms): ms is number => ms !== undefined);
      const navigation = of.map((r) => r.secondTabNavigationMs).filter((ms): ms is number => ms !== undefined);
      rows.push({
        tabs,
        share,
        secondTabFirstMessageMs: second.length ? median(second) : undefined,
        secondTabSpreadMs: second.length ? [Math.min(...second), Math.max(...second)] : undefined,
        secondTabFromNavigationMs: navigation.length ? median(navigation) : undefined,
        chromiumPssMiB: median(of.map((r) => r.pssBytes)) / 2 ** 20,
        gatewayConnections: median(of.map((r) => r.connections)),
      });
    }
  }
  // The machine's 1-minute load average over the runs (others' jobs share it).
  const result = { rounds: ROUNDS, idleChromiumPssMiB: baseline / 2 ** 20, loadAverage: [Math.min(...loads), Math.max(...loads)], rows };
  console.log(JSON.stringify(result, null, 1));
  mkdirSync(new URL("../../bench-results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("../../bench-results/share.json", import.meta.url), JSON.stringify(result, null, 1));
} finally {
  await chromium.close();
  await gateway.close();
  await site.close();
  publisher.stop();
}
