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
function startChild(args: string[], done: (lines: string[]) => boolean): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
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

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Starts the proxy, `gatewayCount` gateway processes (each allowing only
 * the proxy's XPUB side, holding up to maxConnections) and nginx. */
export async function startDeployment(options: { gatewayCount: number; maxConnections: number; origins?: string[] }): Promise<Deployment> {
  if (!nginxBinary) throw new Error(deploymentUnavailable);
  const [xsubPort, xpubPort, nginxPort] = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), "zeromq-edge-"));
  const stop = async () => {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map(exited));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const proxy = await startChild(
      [join(repo, "dist/proxy-cli.js"), "--xsub", `tcp://127.0.0.1:${xsubPort}`, "--xpub", `tcp://127.0.0.1:${xpubPort}`],
      (lines) => lines.some((line) => line.includes('"listening"')),
    );
    children.push(proxy.child);
    const gateways: GatewayProcess[] = [];
    for (let i = 0; i < options.gatewayCount; i++) {
      const max = String(options.maxConnections);
      const args = [join(repo, "dist/gateway/cli.js"), "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--allow", `127.0.0.1:${xpubPort}`];
      // Behind nginx every client has nginx's address: nginx keeps the per-client limit.
      args.push("--max-connections", max, "--max-per-ip", max, "--max-handshakes", max, "--max-handshakes-per-ip", max);
      for (const origin of options.origins ?? []) args.push("--origin", origin);
      const started = await startChild(args, (lines) => lines.filter((line) => line.includes('"listening"')).length === 2);
      children.push(started.child);
      const urls = started.lines.map((line) => JSON.parse(line) as { event: string; url?: string }).filter((e) => e.event === "listening").map((e) => e.url!);
      const metricsUrl = urls.find((url) => url.startsWith("http"))!;
      gateways.push({
        pid: started.child.pid!,
        port: Number(new URL(urls.find((url) => url.startsWith("ws"))!).port),
        metricsUrl,
        openConnections: async () => {
          const text = await (await fetch(`${metricsUrl}/metrics`)).text();
          return Number(/^zws_gateway_connections_open (\d+)/m.exec(text)![1]);
        },
      });
    }
    mkdirSync(join(dir, "tmp"));
    writeFileSync(join(dir, "nginx.conf"), configWith(nginxPort, gateways.map((g) => g.port)));
    // In the foreground, as this process's child (never the system service).
    const nginx = spawn(nginxBinary, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", "stderr", "-g", "daemon off;"], { stdio: ["ignore", "inherit", "inherit"] });
    children.push(nginx);
    const started = Date.now();
    while (!workersOf(nginx.pid!).length || !socketsOn(nginxPort, "0A")) {
      if (nginx.exitCode !== null || Date.now() - started > 10_000) throw new Error(`nginx did not start (exit ${nginx.exitCode})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const workers = workersOf(nginx.pid!);
    return {
      publishTo: `tcp://127.0.0.1:${xsubPort}`,
      feed: `127.0.0.1:${xpubPort}`,
      url: `ws://127.0.0.1:${nginxPort}/127.0.0.1:${xpubPort}`,
      proxyPid: proxy.child.pid!,
      nginxWorkers: workers,
      gateways,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
