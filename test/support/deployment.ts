/**
 * The deployment of README's "Deployment" section, started for a test or a
 * benchmark on loopback, each part its own process as users run it:
 * publishers -> zeromq-wasm-proxy (XSUB/XPUB) -> nginx (examples/deployment/
 * nginx.conf, with this run's ports, in a temp prefix directory) -> several
 * zeromq-wasm-gateway processes -> WebSocket subscribers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { freePort } from "./tcp.ts";

const repo = fileURLToPath(new URL("../../", import.meta.url));
export const nginxConfig = join(repo, "examples/deployment/nginx.conf");
const nginxBinary = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((path) => existsSync(path));

/** Why the deployment cannot run here (nginx not installed), or undefined. */
/** Every child started here, killed if this process exits first. */
const live = new Set<ChildProcess>();
process.on("exit", () => live.forEach((child) => child.kill("SIGKILL")));
function own(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

export const deploymentUnavailable = nginxBinary ? undefined : "nginx is not installed (apt-get install nginx; .ci/system-deps installs it)";

export interface GatewayProcess {
  readonly pid: number;
  readonly port: number;
  readonly metricsUrl: string;
  /** zws_gateway_connections_open from its /metrics. */
  openConnections(): Promise<number>;
}

export interface Deployment {
  /** Publishers connect here (the proxy's XSUB side). */
  readonly publishTo: string;
  /** The proxy's XPUB side, as the gateways reach it ("host:port"). */
  readonly feed: string;
  /** The WebSocket URL subscribers use, through nginx to a gateway. */
  readonly url: string;
  readonly proxyPid: number;
  /** nginx's worker processes (one, per the config). */
  readonly nginxWorkers: number[];
  readonly gateways: GatewayProcess[];
  /** Stops every part (SIGTERM, then waits for each to exit). */
  stop(): Promise<void>;
}

/** Resident memory of a process (bytes), from /proc. */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) * 1024 : 0;
}

/** Open file descriptors of a process. */
export function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** TCP sockets on loopback `port` in a state ("01" established: the
 * accepted side of each connection to a server there; "0A" listening). */
function socketsOn(port: number, state: "01" | "0A"): number {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  return readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .filter((line) => {
      const [, local, , lineState] = line.trim().split(/\s+/);
      return lineState === state && local?.endsWith(hex);
    }).length;
}

/** Established connections to a server on loopback `port`. */
export const establishedOn = (port: number): number => socketsOn(port, "01");

/** The child processes of `pid` (nginx's workers, of its master). */
function workersOf(pid: number): number[] {
  const text = existsSync(`/proc/${pid}`) ? readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim() : "";
  return text ? text.split(/\s+/).map(Number) : [];
}

/** nginx's config with this run's ports in place of the file's. */
function configWith(listen: number, gateways: number[]): string {
  const text = readFileSync(nginxConfig, "utf8").replace("listen 127.0.0.1:8080", `listen 127.0.0.1:${listen}`);
  const servers = gateways.map((port) => `    server 127.0.0.1:${port};`).join("\n");
  return text.replace(/( {4}server 127\.0\.0\.1:\d+;\n)+/, `${servers}\n`);
}

/** Starts a child and resolves with it and the first stdout lines it printed
 * until `done` says so; afterwards its stdout is drained unread. */
export function startChild(args: string[], done: (lines: string[]) => boolean, command = process.execPath): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = own(spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] }));
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${args[0]} exited (${code}) before it was ready`)));
    reader.on("line", function onLine(line) {
      lines.push(line);
      if (!done(lines)) return;
      reader.off("line", onLine);
      reader.on("line", () => {}); // the per-connection log, unread
      child.removeAllListeners("exit");
      resolve({ child, lines });
    });
  });
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

/** A zeromq-wasm-gateway process (its CLI: `cli`, by default this
 * checkout's; `nodeArgs`: flags for node before it) allowing `allow`,
 * holding up to `max` connections. */
export async function startGatewayProcess(allow: string, max: number, origins: string[] = [], cli = join(repo, "dist/gateway/cli.js"), nodeArgs: string[] = []): Promise<GatewayProcess & { child: ChildProcess }> {
  const args = [...nodeArgs, cli, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--allow", allow];
  // Every client here is on loopback, nginx too: the per-client limits are the totals.
  for (const flag of ["--max-connections", "--max-per-ip", "--max-handshakes", "--max-handshakes-per-ip"]) args.push(flag, String(max));
  for (const origin of origins) args.push("--origin", origin);
  const started = await startChild(args, (lines) => lines.filter((line) => line.includes('"listening"')).length === 2);
  const urls = started.lines.map((line) => JSON.parse(line) as { event: string; url?: string }).filter((e) => e.event === "listening").map((e) => e.url!);
  const metricsUrl = urls.find((url) => url.startsWith("http"))!;
  return {
    child: started.child,
    pid: started.child.pid!,
    port: Number(new URL(urls.find((url) => url.startsWith("ws"))!).port),
    metricsUrl,
    openConnections: async () => {
      const text = await (await fetch(`${metricsUrl}/metrics`)).text();
      return Number(/^zws_gateway_connections_open (\d+)/m.exec(text)![1]);
    },
  };
}

/** nginx with examples/deployment/nginx.conf, balancing over `upstreams`
 * (loopback ports), in the foreground as this process's child (never the
 * system service), its prefix directory `dir`. */
export async function startNginx(dir: string, upstreams: number[]): Promise<{ child: ChildProcess; port: number; workers: number[] }> {
  if (!nginxBinary) throw new Error(deploymentUnavailable);
  const port = await freePort();
  mkdirSync(join(dir, "tmp"), { recursive: true });
  writeFileSync(join(dir, "nginx.conf"), configWith(port, upstreams));
  const child = own(spawn(nginxBinary, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", "stderr", "-g", "daemon off;"], { stdio: ["ignore", "inherit", "inherit"] }));
  const started = Date.now();
  while (!workersOf(child.pid!).length || !socketsOn(port, "0A")) {
    if (child.exitCode !== null || Date.now() - started > 10_000) {
      child.kill();
      throw new Error(`nginx did not start (exit ${child.exitCode})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, port, workers: workersOf(child.pid!) };
}

/** libzmq's native proxy (pyzmq), for comparing the zeromq-wasm-proxy with. */
const nativeProxy = `
import sys, zmq
ctx = zmq.Context()
xsub = ctx.socket(zmq.XSUB); xsub.bind(sys.argv[1])
xpub = ctx.socket(zmq.XPUB); xpub.bind(sys.argv[2])
print("listening", flush=True)
zmq.proxy(xsub, xpub)
`;

/** Starts the proxy (zeromq-wasm-proxy; "native": libzmq's, via pyzmq), `gatewayCount` gateway processes (each allowing only
 * the proxy's XPUB side, holding up to maxConnections) and nginx. */
export async function startDeployment(options: { gatewayCount: number; maxConnections: number; origins?: string[]; proxy?: "wasm" | "native" }): Promise<Deployment> {
  if (!nginxBinary) throw new Error(deploymentUnavailable);
  const [xsubPort, xpubPort] = [await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), "zeromq-edge-"));
  const stop = async () => {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map(exited));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const xsub = `tcp://127.0.0.1:${xsubPort}`;
    const xpub = `tcp://127.0.0.1:${xpubPort}`;
    const proxy =
      options.proxy === "native"
        ? await startChild(["-c", nativeProxy, xsub, xpub], (lines) => lines.length > 0, "/usr/bin/python3")
        : await startChild([join(repo, "dist/proxy-cli.js"), "--xsub", xsub, "--xpub", xpub], (lines) => lines.some((line) => line.includes('"listening"')));
    children.push(proxy.child);
    const gateways: GatewayProcess[] = [];
    for (let i = 0; i < options.gatewayCount; i++) {
      const gateway = await startGatewayProcess(`127.0.0.1:${xpubPort}`, options.maxConnections, options.origins);
      children.push(gateway.child);
      gateways.push(gateway);
    }
    const nginx = await startNginx(dir, gateways.map((g) => g.port));
    children.push(nginx.child);
    return {
      publishTo: `tcp://127.0.0.1:${xsubPort}`,
      feed: `127.0.0.1:${xpubPort}`,
      url: `ws://127.0.0.1:${nginx.port}/127.0.0.1:${xpubPort}`,
      proxyPid: proxy.child.pid!,
      nginxWorkers: nginx.workers,
      gateways,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
