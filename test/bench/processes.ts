// The benchmark's child processes: native pyzmq peers, Node broker peers,
// the gateway, the brokers. All are killed when the benchmark exits.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const children = new Set<ChildProcess>();
process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));
// Interrupted: exit normally, so that the handler above still stops the brokers.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

/** Registers child to be killed when this process exits. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** A publisher's count so far at a wall-clock time (ms since the epoch). */
export type Progress = { t: number; seq: number };

export interface Peer {
  child: ChildProcess;
  /** The next JSON line that is not a progress line. */
  next(): Promise<Record<string, number>>;
  /** How many messages the peer published between two wall-clock times,
   * interpolated from its progress lines (one every 100 ms). */
  publishedBetween(t0: number, t1: number): number;
  /** Resolves once a progress line at or after wall-clock time t has come
   * (a loaded machine can delay one well past its 100 ms). */
  reported(t: number): Promise<void>;
  kill(): void;
}

/** A peer that prints JSON lines on stdout: results, and progress lines. */
function peer(command: string, args: string[]): Peer {
  const child = track(spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] }));
  let killed = false;
  child.once("exit", (code, signal) => killed || code === 0 || console.error(`${args.slice(-4).join(" ")}: exited (${code ?? signal})`));
  const progress: Progress[] = [];
  const results: Record<string, number>[] = [];
  const waiting: ((line: Record<string, number>) => void)[] = [];
  // Read every line as it comes, so the peer never blocks on a full pipe.
  createInterface({ input: child.stdout! }).on("line", (text) => {
    const line = JSON.parse(text) as Record<string, number>;
    if ("seq" in line && "t" in line) return void progress.push(line as Progress);
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else results.push(line);
  });
  const countAt = (t: number) => {
    const after = progress.findIndex((p) => p.t >= t);
    if (after < 0) throw new Error(`no progress line after ${t}: the publisher stopped reporting`);
    if (after === 0) return progress[0].seq;
    const [a, b] = [progress[after - 1], progress[after]];
    return a.seq + ((b.seq - a.seq) * (t - a.t)) / (b.t - a.t);
  };
  return {
    child,
    next: () => (results.length ? Promise.resolve(results.shift()!) : new Promise((resolve) => waiting.push(resolve))),
    publishedBetween: (t0, t1) => countAt(t1) - countAt(t0),
    reported: async (t) => {
      for (const deadline = Date.now() + 10_000; !((progress.at(-1)?.t ?? 0) >= t); ) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${args.slice(-4).join(" ")}: no progress line after ${t}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    kill: () => void ((killed = true), child.kill("SIGKILL")),
  };
}

/** A native pyzmq peer (peer_py.py). */
export const py = (role: string, endpoint: string, opts: object = {}) => peer("/usr/bin/python3", [here("peer_py.py"), role, endpoint, JSON.stringify(opts)]);

/** A Node NATS or MQTT peer (peer-broker.ts). */
export const brokerPeer = (kind: "nats" | "mqtt", role: "pub" | "rep" | "sub", url: string, opts: object = {}) =>
  peer(process.execPath, ["--import", "tsx", here("peer-broker.ts"), kind, role, url, JSON.stringify(opts)]);

/** The gateway as its own process (its CLI), as it would be deployed, so
 * its work does not share this process's event loop with the feeds. */
export async function gatewayProcess(allow: string[], origins: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const args = [here("../../dist/gateway/cli.js"), "--listen", "127.0.0.1:0", ...allow.flatMap((a) => ["--allow", a]), ...origins.flatMap((o) => ["--origin", o])];
  const child = track(spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] }));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve) =>
    lines.on("line", (line) => {
      const entry = JSON.parse(line) as { event: string; url?: string };
      if (entry.event === "listening") resolve(entry.url!);
    }),
  );
  return { url, close: async () => void child.kill("SIGTERM") };
}
