// Behind a load balancer (README, "Deployment"): a request from a trusted
// proxy counts and logs as from the last address of its X-Forwarded-For; the
// header means nothing from anyone else.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WebSocket } from "ws";
import { createGateway } from "../../dist/gateway/server.js";
import { testGateway } from "../support/gateway.ts";
import { echoServer } from "../support/tcp.ts";

/** An upgrade with an X-Forwarded-For header: the open socket, or the status refusing it. */
function upgradeFrom(url: string, forwardedFor: string): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { "x-forwarded-for": forwardedFor } });
    ws.on("open", () => resolve({ ws }));
    ws.on("unexpected-response", (_req, res) => {
      resolve({ status: res.statusCode });
      res.resume();
    });
    ws.on("error", reject);
  });
}

describe("gateway behind a trusted proxy (trustProxies, --trust-proxy)", () => {
  it("counts each forwarded client on its own, logs it, and refuses a bad header", async () => {
    const echo = await echoServer();
    const gateway = await testGateway({ allow: [`127.0.0.1:${echo.port}`], maxConnectionsPerIp: 2, trustProxies: ["::ffff:127.0.0.1"] });
    const url = `${gateway.url}/127.0.0.1:${echo.port}`;
    const opened: WebSocket[] = [];
    try {
      // The proxy's own client list, then the address it added.
      for (const forwarded of ["203.0.113.9, 10.0.0.1", "10.0.0.1"]) opened.push((await upgradeFrom(url, forwarded)).ws!);
      assert.equal((await upgradeFrom(url, "10.0.0.1")).status, 429, "10.0.0.1 is at its limit");
      const other = await upgradeFrom(url, "203.0.113.9, 10.0.0.2");
      assert.ok(other.ws, "another client behind the same proxy has its own count");
      opened.push(other.ws);
      assert.equal((await upgradeFrom(url, "not an address")).status, 400);
      const clients = gateway.logs.filter((entry) => entry.event === "open").map((entry) => entry.client);
      assert.deepEqual(clients, ["10.0.0.1 via 127.0.0.1", "10.0.0.1 via 127.0.0.1", "10.0.0.2 via 127.0.0.1"]);
      assert.ok(gateway.logs.some((entry) => entry.event === "refused" && entry.reason === "bad X-Forwarded-For from a trusted proxy"));
    } finally {
      for (const ws of opened) ws.terminate();
      await echo.close();
    }
  });

  it("ignores X-Forwarded-For from a peer it does not trust, and takes only IP addresses to trust", async () => {
    const echo = await echoServer();
    const gateway = await testGateway({ allow: [`127.0.0.1:${echo.port}`], maxConnectionsPerIp: 2 });
    const url = `${gateway.url}/127.0.0.1:${echo.port}`;
    const opened: WebSocket[] = [];
    try {
      for (const forwarded of ["10.0.0.1", "10.0.0.2"]) opened.push((await upgradeFrom(url, forwarded)).ws!);
      assert.equal((await upgradeFrom(url, "10.0.0.3")).status, 429, "all count as the peer, 127.0.0.1");
      assert.match(gateway.logs.find((entry) => entry.event === "open")!.client!, /^127\.0\.0\.1:\d+$/);
    } finally {
      for (const ws of opened) ws.terminate();
      await echo.close();
    }
    await assert.rejects(createGateway({ allow: ["127.0.0.1:1"], trustProxies: ["nginx.internal"], port: 0 }), /trustProxies takes IP addresses, got "nginx\.internal"/);
  });
});
