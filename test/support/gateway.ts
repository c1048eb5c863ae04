/** A gateway for tests that logs into an array and closes after the file,
 * and upgrades whose outcome is one value. */
import { after } from "node:test";
import { WebSocket } from "ws";
import { createGateway, type Gateway, type GatewayOptions, type LogEntry } from "../../dist/gateway/server.js";

const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Runs `cleanup` after the test file. */
export function afterFile(cleanup: () => Promise<unknown>): void {
  cleanups.push(cleanup);
}

export async function testGateway(options: Partial<GatewayOptions> & { allow: string[] }): Promise<Gateway & { logs: LogEntry[] }> {
  const logs: LogEntry[] = [];
  const gw = await createGateway({ port: 0, log: (entry) => logs.push(entry), ...options });
  afterFile(() => gw.close());
  return Object.assign(gw, { logs });
}

/** An upgrade's outcome: the open WebSocket, or the HTTP status refusing it. */
export function upgrade(url: string, localAddress = "127.0.0.1"): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { localAddress });
    ws.on("open", () => {
      afterFile(async () => ws.terminate());
      resolve({ ws });
    });
    ws.on("unexpected-response", (_req, res) => {
      resolve({ status: res.statusCode });
      res.resume();
    });
    ws.on("error", reject);
  });
}
