// The gateway's own figures for the browser benchmark: its throughput to a
// Node WebSocket reader vs a direct TCP read of the same feed, and memory
// per held connection vs a plain ws server and nginx (held.ts).
import { spawnSync } from "node:child_process";
import * as net from "node:net";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import type { HeldResult, Row } from "./results.ts";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** gatewayUrl: the running gateway; bigFeed: a TCP port streaming 64 KB records flat out. */
export async function gatewayFigures(gatewayUrl: string, bigFeed: number, seconds: number): Promise<Row[]> {
  const rows: Row[] = [];
  /** Bytes/s a Node reader gets from the 64 KB feed, over `url` (ws) or TCP. */
  async function readRate(connect: () => { onData: (fn: (n: number) => void) => void; close: () => void }): Promise<number> {
    const stream = connect();
    let bytes = 0;
    let t0 = 0;
    return await new Promise<number>((resolve) => {
      stream.onData((n) => {
        if (!t0) t0 = performance.now();
        bytes += n;
        const elapsed = performance.now() - t0;
        if (elapsed > seconds * 1000) {
          stream.close();
          resolve(bytes / (elapsed / 1000));
        }
      });
    });
  }
  const viaGateway = await readRate(() => {
    const ws = new WebSocket(`${gatewayUrl}/127.0.0.1:${bigFeed}`);
    return { onData: (fn) => ws.on("message", (data: Buffer) => fn(data.length)), close: () => ws.terminate() };
  });
  const direct = await readRate(() => {
    const socket = net.connect(bigFeed, "127.0.0.1");
    return { onData: (fn) => socket.on("data", (data) => fn(data.length)), close: () => socket.destroy() };
  });
  rows.push({ group: "gateway", name: "gateway throughput, Node ws reader", unit: "MB/s", value: viaGateway / 1e6, baseline: "direct TCP read of the same feed", baselineValue: direct / 1e6, better: "higher" });

  const held = 1000;
  const gateway = heldCost("gateway", held).perConnection.rss;
  const plain = heldCost("plain", held).perConnection.rss;
  const nginx = heldCost("nginx", held).perConnection.rss;
  const name = `RSS per held connection (slope over ${held}..${3 * held} held; the server's own process)`;
  rows.push({ group: "gateway", name, unit: "KB", value: gateway / 1024, baseline: "plain ws server (no TCP leg), same clients", baselineValue: plain / 1024, better: "lower" });
  rows.push({ group: "gateway", name, unit: "KB", value: gateway / 1024, baseline: "nginx proxying the WebSockets to that ws server", baselineValue: nginx / 1024, better: "lower" });
  return rows;
}

/** Memory per held connection of the server in `mode` (held.ts, a fresh
 * process; env: e.g. HELD_GATEWAY_CLI for another gateway build). */
export function heldCost(mode: "gateway" | "plain" | "nginx", n: number, env: Record<string, string> = {}): HeldResult {
  const run = spawnSync(process.execPath, ["--import", "tsx", here("held.ts"), mode, String(n)], { encoding: "utf8", env: { ...process.env, ...env } });
  if (run.status !== 0) throw new Error(`held.ts ${mode}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as HeldResult;
}
