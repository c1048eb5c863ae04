// The gateway against slow DNS: names whose DNS server never answers must
// not make any other client wait, nor hold the gateway open at shutdown.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as net from "node:net";
import { describe, it } from "node:test";
import { createGateway } from "../../dist/gateway/server.js";
import { goingSilent, silentDnsServer } from "../support/dns.ts";
import { afterFile, testGateway as gateway, upgrade } from "../support/gateway.ts";
import { echoServer } from "../support/tcp.ts";
import { eventually, within } from "../support/util.ts";

/** A TCP target that never accepts: its accept queue (listen backlog 0) is
 * filled by one connection, so the next connect stays pending. */
async function unacceptingTarget(): Promise<{ port: number; close(): void }> {
  const python = spawn("/usr/bin/python3", ["-c", "import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen(0)\nprint(s.getsockname()[1], flush=True)\ntime.sleep(120)"]);
  const port = Number(await within(new Promise<Buffer>((resolve) => python.stdout.once("data", resolve)), 5000, "the target's port"));
  const filler = net.connect(port, "127.0.0.1");
  await new Promise((resolve) => filler.once("connect", resolve));
  return {
    port,
    close: () => {
      filler.destroy();
      python.kill();
    },
  };
}

describe("gateway DNS", async () => {
  const echo = await echoServer();
  const dns = await silentDnsServer();
  afterFile(() => echo.close());
  afterFile(() => dns.close());

  it("serves IP literals and allow-listed names at once while four upgrades wait on a DNS server that never answers", async () => {
    // feeds.test is answered while the gateway starts, then its DNS server
    // goes silent like the rest.
    const resolve = goingSilent(dns, { "feeds.test": ["127.0.0.1"] });
    const gw = await gateway({ allow: [`feeds.test:${echo.port}`], resolve, dnsTimeoutMs: 3000 });
    resolve.silence();
    const slow = [1, 2, 3, 4].map((n) => upgrade(`${gw.url}/name${n}.slow.test:${echo.port}`));
    await eventually("four lookups in flight", () => resolve.inFlight === 4, 5000);
    for (const target of [`127.0.0.1:${echo.port}`, `feeds.test:${echo.port}`, `[::ffff:127.0.0.1]:${echo.port}`]) {
      const { ws } = await within(upgrade(`${gw.url}/${target}`), 2000, `${target} while DNS hangs`);
      assert.ok(ws, target);
    }
    // The waiting ones are refused when the DNS timeout ends their lookup.
    for (const outcome of await within(Promise.all(slow), 10_000, "the slow names refused")) assert.equal(outcome.status, 403);
    assert.equal(gw.logs.filter((entry) => entry.reason === "DNS timeout").length, 4);
    await eventually("the lookups abandoned", () => resolve.inFlight === 0, 5000);
  });

  it("bounds the lookups per client (429) and in total (503)", async () => {
    const resolve = goingSilent(dns);
    const gw = await gateway({ allow: [`127.0.0.1:${echo.port}`], resolve, dnsTimeoutMs: 60_000, maxLookupsPerIp: 2, maxLookups: 3 });
    const waiting = [upgrade(`${gw.url}/a.slow.test:${echo.port}`), upgrade(`${gw.url}/b.slow.test:${echo.port}`)];
    await eventually("two lookups in flight", () => resolve.inFlight === 2, 5000);
    assert.equal((await within(upgrade(`${gw.url}/c.slow.test:${echo.port}`), 5000, "a third from one client")).status, 429);
    waiting.push(upgrade(`${gw.url}/d.slow.test:${echo.port}`, "127.0.0.2"));
    await eventually("three lookups in flight", () => resolve.inFlight === 3, 5000);
    assert.equal((await within(upgrade(`${gw.url}/e.slow.test:${echo.port}`, "127.0.0.3"), 5000, "a fourth in total")).status, 503);
    assert.equal(resolve.most, 3);
    assert.match(await (await fetch(`${gw.url.replace("ws:", "http:")}/metrics`)).text(), /^zws_gateway_dns_lookups 3$/m);
    // An IP literal needs no lookup: it goes through meanwhile.
    assert.ok((await within(upgrade(`${gw.url}/127.0.0.1:${echo.port}`, "127.0.0.3"), 5000, "an IP literal")).ws);
    await gw.close();
    for (const outcome of await within(Promise.all(waiting), 5000, "the waiting upgrades answered")) assert.equal(outcome.status, 503);
  });

  it("times out the whole upgrade phase with 504, while resolving or while connecting, and frees the slot", async () => {
    const resolve = goingSilent(dns);
    const stalled = await unacceptingTarget();
    const allow = [`127.0.0.1:${echo.port}`, `127.0.0.1:${stalled.port}`];
    const gw = await gateway({ allow, resolve, dnsTimeoutMs: 60_000, connectTimeoutMs: 60_000, upgradeTimeoutMs: 500, maxConnectionsPerIp: 1 });
    assert.equal((await within(upgrade(`${gw.url}/late.slow.test:${echo.port}`), 5000, "the upgrade answered")).status, 504);
    await eventually("the lookup abandoned", () => resolve.inFlight === 0, 5000);
    // The client's one slot is free again once the lookup is abandoned...
    assert.equal((await within(upgrade(`${gw.url}/127.0.0.1:${stalled.port}`), 5000, "the upgrade answered")).status, 504);
    assert.match(gw.metrics.render(), /zws_gateway_refused_total\{reason="upgrade timed out"\} 2/);
    // ...but a connect still pending holds it until it settles.
    assert.equal((await within(upgrade(`${gw.url}/127.0.0.1:${echo.port}`), 5000, "the next upgrade")).status, 429);
    stalled.close();
    await eventually("the slot free", async () => (await upgrade(`${gw.url}/127.0.0.1:${echo.port}`)).ws !== undefined, 5000);
  });

  it("answers an upgrade waiting on DNS with 503 when it closes, and closes promptly", async () => {
    const resolve = goingSilent(dns);
    const gw = await gateway({ allow: [`127.0.0.1:${echo.port}`], resolve, dnsTimeoutMs: 60_000 });
    const waiting = upgrade(`${gw.url}/stuck.slow.test:${echo.port}`);
    await eventually("the lookup in flight", () => resolve.inFlight === 1, 5000);
    await within(gw.close(), 5000, "close()");
    assert.equal((await within(waiting, 5000, "the pending upgrade answered")).status, 503);
  });

  it("asks its own DNS servers for client-sent names, and the system (with /etc/hosts) for the allow-list's", async () => {
    const before = dns.queries;
    const gw = await gateway({ allow: [`localhost:${echo.port}`], dnsServers: [dns.address], dnsTimeoutMs: 1000 });
    // localhost is in /etc/hosts: the allow-list entry and the same name sent by a client both reach it.
    assert.ok((await within(upgrade(`${gw.url}/localhost:${echo.port}`), 5000, "localhost")).ws);
    assert.ok((await within(upgrade(`${gw.url}/127.0.0.1:${echo.port}`), 5000, "127.0.0.1")).ws);
    assert.equal(dns.queries, before);
    // Another name is asked of the configured (silent) server, and times out.
    assert.equal((await within(upgrade(`${gw.url}/other.slow.test:${echo.port}`), 5000, "a silent name")).status, 403);
    assert.ok(dns.queries > before);
    assert.equal(gw.logs.at(-1)?.reason, "DNS timeout");
  });

  it("refuses to start with a DNS server that is not an address", async () => {
    await assert.rejects(createGateway({ port: 0, allow: [`127.0.0.1:${echo.port}`], dnsServers: ["dns.example"], log: false }), /dnsServers: /);
    await assert.rejects(createGateway({ port: 0, allow: [`127.0.0.1:${echo.port}`], dnsTimeoutMs: 0, log: false }), /dnsTimeoutMs must be a whole number above 0/);
  });
});
