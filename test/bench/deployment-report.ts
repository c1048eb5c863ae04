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
  deliveredPerSecond: number;
  latencyUs: { p50: number; p99: number };
  rssPerConnection: { gateways: number[]; nginx: number; proxy: number };
  releasedAll: boolean;
  releasedWithinMs?: number;
  heldPerConnection: { count: number; runs: Record<string, number[]>; median: Record<string, number> };
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
    "| proxy | subscribers held (wanted) | per gateway | feed | delivered | lost | delivered msg/s | latency p50 | latency p99 | RSS / connection: gateways | nginx | proxy | all released |",
    "|---|---:|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ...runs.map(
      (run) =>
        `| ${proxyName(run)} | ${count(run.held)} (${count(run.wanted)}) | ${run.perGateway.map(count).join(" + ")} | ${run.rate} msg/s for ${run.seconds} s | ${count(run.delivered)} of ${count(run.expected)} | ${count(run.expected - run.delivered)} | ${count(run.deliveredPerSecond)} | ${ms(run.latencyUs.p50)} | ${ms(run.latencyUs.p99)} | ${run.rssPerConnection.gateways.map(kb).join(", ")} | ${kb(run.rssPerConnection.nginx)} | ${kb(run.rssPerConnection.proxy)} | ${run.releasedAll ? `yes, ${((run.releasedWithinMs ?? 0) / 1000).toFixed(1)} s` : "**no**"} |`,
    ),
    "",
  ];
  for (const run of runs) if (run.rampStopped) lines.push(`- ${proxyName(run)}: ramping stopped: ${run.rampStopped}.`);
  const best = runs.find((run) => run.proxy === "native") ?? runs[0];
  const gatewayKb = Math.max(...best.rssPerConnection.gateways) / 1024;
  const perGiB = (1024 * 1024) / gatewayKb;
  const perCore = best.held / best.machine.cores; // held with every process sharing the machine's cores
  lines.push(
    "",
    "Fleet arithmetic, from the run with libzmq's native proxy: a gateway holds a connection in " +
      `${gatewayKb.toFixed(1)} KB of RSS, so **${count(perGiB)} connections per GiB** of gateway memory. Here ${count(best.held)} subscribers at ${best.rate} msg/s each ` +
      `(${count(best.deliveredPerSecond)} deliveries/s) ran with the publisher, proxy, nginx, both gateways and all subscribers on ${best.machine.cores} cores: at least ` +
      `**${count(perCore)} connections per gateway core** at that rate (a lower bound: the gateways had a fraction of those cores). ` +
      "For N viewers: ceil(N / connections per core) gateway cores, N x the RSS above of gateway memory, nginx's RSS per connection in front, and one proxy connection per viewer (a proxy per few thousand viewers; publishers hold one connection each to it).",
    "",
  );
  const held = runs.find((run) => run.heldPerConnection?.runs.gateway.length)?.heldPerConnection;
  if (held) {
    lines.push(
      `### Memory per held connection`,
      "",
      `RSS of the server's own process per held WebSocket (${count(held.count)} held, [test/bench/held.ts](test/bench/held.ts)), median of ${held.runs.gateway.length} interleaved runs: the gateway (WebSocket plus its TCP connection to an echo target in another process), a plain \`ws\` server, and nginx proxying the WebSockets to that ws server (its worker's RSS).`,
      "",
      "| zeromq-wasm-gateway | plain ws server | nginx | runs (gateway / ws / nginx, KB) |",
      "|---:|---:|---:|---|",
      `| ${kb(held.median.gateway)} | ${kb(held.median.plain)} | ${kb(held.median.nginx)} | ${["gateway", "plain", "nginx"].map((mode) => held.runs[mode].map((b) => (b / 1024).toFixed(1)).join(", ")).join(" / ")} |`,
      "",
    );
  }
  return lines;
}
