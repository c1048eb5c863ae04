// The gateway's throughput with given node flags (held.bench.ts compares
// V8's default young generation with a bounded one), each in a fresh
// gateway process: one Node ws reader of a TCP feed streaming 64 KB records
// flat out (MB/s, and the gateway's CPU per GB), and `fanOut` readers each
// sent 100 B every 100 ms by a target in another process (the deployment's
// pattern of many small messages): how long their handshakes took, the
// share delivered, and the gateway's CPU (% of a core) and RSS meanwhile.
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { exited, rssBytes, startChild, startGatewayProcess } from "../support/deployment.ts";
import { treeCpuSeconds } from "./cdp.ts";
import { recordFeed } from "./feeds.ts";

export interface GatewayLoad {
  streamMBps: number;
  streamCpuSecondsPerGB: number;
  fanOut: number;
  fanOutOpenMs: number;
  fanOutDelivered: number;
  fanOutCpu: number;
  fanOutRssBytes: number;
}

/** held-server.ts "ticks": 100 B every 100 ms to each connection. */
const tickBytesPerSecond = 1000;

export async function gatewayLoad(nodeArgs: string[], seconds: number, fanOut = 1000): Promise<GatewayLoad> {
  const stream = await recordFeed(64 * 1024 + 9);
  const ticks = await startChild(["--import", "tsx", fileURLToPath(new URL("held-server.ts", import.meta.url)), "ticks"], (lines) => lines.length > 0);
  try {
    // One gateway per feed: startGatewayProcess allows one target.
    const streamed = await through(`127.0.0.1:${stream.port}`, nodeArgs, 2, async (url, pid) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
      let bytes = 0;
      ws.on("message", (data: Buffer) => (bytes += data.length));
      await sleep(1000);
      const [b0, c0, t0] = [bytes, treeCpuSeconds(pid), performance.now()];
      await sleep(seconds * 1000);
      const [b1, c1, t1] = [bytes, treeCpuSeconds(pid), performance.now()];
      ws.terminate();
      return { streamMBps: (b1 - b0) / 1e6 / ((t1 - t0) / 1000), streamCpuSecondsPerGB: (c1 - c0) / ((b1 - b0) / 1e9) };
    });
    const spread = await through(`127.0.0.1:${ticks.lines[0]}`, nodeArgs, 2 * fanOut, async (url, pid) => {
      let received = 0;
      const start = performance.now();
      const sockets: WebSocket[] = [];
      for (let first = 0; first < fanOut; first += 100) {
        const batch = Array.from({ length: Math.min(100, fanOut - first) }, (_, j) => {
          const ws = new WebSocket(url, { localAddress: `127.0.0.${2 + Math.floor((first + j) / 100)}`, perMessageDeflate: false });
          ws.on("message", (data: Buffer) => (received += data.length));
          return new Promise<WebSocket>((resolve, reject) => ws.once("open", () => resolve(ws)).once("error", reject));
        });
        sockets.push(...(await Promise.all(batch)));
      }
      const fanOutOpenMs = performance.now() - start;
      await sleep(1000);
      const [r0, c0, t0] = [received, treeCpuSeconds(pid), performance.now()];
      await sleep(seconds * 1000);
      const [r1, c1, t1] = [received, treeCpuSeconds(pid), performance.now()];
      const fanOutRssBytes = rssBytes(pid);
      for (const ws of sockets) ws.terminate();
      const elapsed = (t1 - t0) / 1000;
      return { fanOut, fanOutOpenMs, fanOutDelivered: (r1 - r0) / (tickBytesPerSecond * fanOut * elapsed), fanOutCpu: (c1 - c0) / elapsed, fanOutRssBytes };
    });
    return { ...streamed, ...spread };
  } finally {
    stream.close();
    ticks.child.kill("SIGTERM");
    await exited(ticks.child);
  }
}

async function through<T>(target: string, nodeArgs: string[], max: number, measure: (url: string, pid: number) => Promise<T>): Promise<T> {
  const gateway = await startGatewayProcess(target, max, [], undefined, nodeArgs);
  try {
    return await measure(`ws://127.0.0.1:${gateway.port}/${target}`, gateway.pid);
  } finally {
    gateway.child.kill("SIGTERM");
    await exited(gateway.child);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
