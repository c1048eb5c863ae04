// BENCHMARKS.md's deployment section, from bench-results/deployment*.json
// (deployment.bench.ts: deployment.json with the zeromq-wasm-proxy,
// deployment-native.json with libzmq's native proxy); nothing if absent.
import { existsSync, readFileSync } from "node:fs";

type DeploymentResults = {
  proxy: "wasm" | "native";
  machine: { cores: number; memoryGiB: number };
  wanted: number;
  held: number;
  perGateway: number[];
  rampSeconds: number;
  rampStopped?: string;
  rate: number;
  seconds: number;
  sent: number;
  delivered: number;
  expected: number;
  subscribersShort: number;
  pages?: { count: number; received: number[]; error?: string };
  deliveredPerSecond: number;
  loadAverage?: number;
  coresUsed?: { gateways: number[]; nginx: number; proxy: number; subscribersAndPublisher: number };
  latencyUs: { p50: number; p99: number };
  rssPerConnection: { gateways: number[]; nginx: number; proxy: number };
  releasedAll: boolean;
  releasedWithinMs?: number;
};

const count = (n: number) => Math.round(n).toLocaleString("en-US");
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;

export function deploymentSection(files = ["bench-results/deployment-native.json", "bench-results/deployment.json"]): string[] {
  const runs = files.filter(existsSync).map((file) => JSON.parse(readFileSync(file, "utf8")) as DeploymentResults);
  if (!runs.length) return [];
  const proxyName = (run: DeploymentResults) => (run.proxy === "native" ? "libzmq's native proxy (pyzmq)" : "zeromq-wasm-proxy");
  const lines = [
    "## Deployment: thousands of subscribers per feed",
    "",
    "README's deployment on loopback ([test/bench/deployment.bench.ts](test/bench/deployment.bench.ts)): a zeromq-wasm Publisher -> an XSUB/XPUB proxy -> nginx ([examples/deployment/nginx.conf](examples/deployment/nginx.conf)) -> 2 `zeromq-wasm-gateway` processes -> WebSocket subscribers, each its own process but the subscribers (lean ZMTP-over-WebSocket clients in one process, [test/support/zmtp-ws-subscriber.ts](test/support/zmtp-ws-subscriber.ts)). Opened in batches of 250 until the target or the first failing batch; then a steady feed, each message carrying its send time. All on one machine, so every process shares its cores.",
    "",
    "| proxy | connections held (wanted) | per gateway | feed | delivered | lost | delivered msg/s | latency p50 | latency p99 | RSS / connection: gateways | nginx | proxy | all released |",
    "|---|---:|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ...runs.map(
      (run) =>
        `| ${proxyName(run)} | ${count(run.held)} (${count(run.wanted)}) | ${run.perGateway.map(count).join(" + ")} | ${run.rate} msg/s for ${run.seconds} s | ${count(run.delivered)} of ${count(run.expected)} | ${count(run.expected - run.delivered)} | ${count(run.deliveredPerSecond)} | ${ms(run.latencyUs.p50)} | ${ms(run.latencyUs.p99)} | ${run.rssPerConnection.gateways.map(kb).join(", ")} | ${kb(run.rssPerConnection.nginx)} | ${kb(run.rssPerConnection.proxy)} | ${run.releasedAll ? `yes, ${((run.releasedWithinMs ?? 0) / 1000).toFixed(1)} s` : "**no**"} |`,
    ),
    "",
  ];
  for (const run of runs) {
    if (run.rampStopped) lines.push(`- ${proxyName(run)}: ramping stopped: ${run.rampStopped}.`);
    if (run.pages?.count) lines.push(`- ${proxyName(run)}: ${run.pages.count} real Chromium pages among them (a zeromq-wasm Subscriber each, driven over the bare DevTools pipe) received ${run.pages.received.join(", ")} of the ${count(run.sent)} messages${run.rampStopped && run.pages.received.every((n) => n === 0) ? " (they connect after the ramp: the proxy had no connection left for them)" : ""}.`);
    if (run.pages?.error) lines.push(`- ${proxyName(run)}: the Chromium pages did not run: ${run.pages.error}.`);
  }
  const best = runs.find((run) => run.proxy === "native") ?? runs[0];
  const gatewayKb = Math.max(...best.rssPerConnection.gateways) / 1024;
  const perGiB = (1024 * 1024) / gatewayKb;
  const cores = best.coresUsed;
  const pct = (n: number) => `${(n * 100).toFixed(0)} %`;
  lines.push("");
  if (cores) {
    lines.push(
      `CPU while the feed ran (% of one core), the run with ${proxyName(best)}: gateways ${cores.gateways.map(pct).join(", ")}, nginx ${pct(cores.nginx)}, proxy ${pct(cores.proxy)}, subscribers and publisher (one process) ${pct(cores.subscribersAndPublisher)}.`,
      "",
    );
  }
  // The proxies side by side: what fanning out costs each.
  const proxyCpu = runs.filter((run) => run.coresUsed);
  if (proxyCpu.length > 1) {
    lines.push(`The proxy's CPU while the feed ran (% of one core): ${proxyCpu.map((run) => `${proxyName(run)} ${pct(run.coresUsed!.proxy)} (load average ${run.loadAverage?.toFixed(1) ?? "not measured"})`).join(", ")}.`, "");
  }
  // Connections one gateway core carries at this run's per-connection rate.
  const perCore = cores ? Math.min(...best.perGateway.map((n, i) => n / Math.max(cores.gateways[i], 1e-3))) : best.held / best.machine.cores;
  lines.push(
    `Latency is from the publisher's send to each subscriber's receipt of a message that goes to every subscriber at once: it grows with the fan-out (about 5 ms to one subscriber, here the last of thousands), while no part of ours was near a full core${best.loadAverage === undefined ? ": most of it is likely waiting for a core on this shared machine (other jobs), not measured in this run" : ` and the machine's load average was ${best.loadAverage.toFixed(1)} on ${best.machine.cores} cores (other jobs of this shared machine): the parts mostly waited for a core`}.`,
    "",
    `Fleet arithmetic, from the run with ${proxyName(best)}: a gateway holds a connection in ${gatewayKb.toFixed(1)} KB of RSS (its growth over the ramp per connection held, V8's young generation growing once included, so an upper bound), so **${count(perGiB)} connections per GiB** of gateway memory; ` +
      `at ${best.rate} msg/s per connection a gateway core carries **${count(perCore)} connections** (${cores ? "its connections / the cores it used" : "held / cores, a lower bound"}). ` +
      "For N viewers at that rate: N / that many gateway cores, N x the RSS above of gateway memory, and nginx's and the proxy's RSS per connection beside it; publishers hold one connection each, to the proxy. CPU scales with messages delivered per second, not with connections held: at other rates scale the per-core figure by this run's rate over yours.",
    "",
  );
  return lines;
}
