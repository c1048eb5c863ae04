// The zeromq-wasm-gateway command: flags, logs, default deny, SIGTERM.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { WebSocket } from "ws";
import { silentDnsServer } from "../support/dns.ts";
import { upgrade } from "../support/gateway.ts";
import { echoServer } from "../support/tcp.ts";
import { eventually, within } from "../support/util.ts";

const cli = fileURLToPath(new URL("../../dist/gateway/cli.js", import.meta.url));

describe("zeromq-wasm-gateway (CLI)", () => {
  it("refuses to start with nothing allowed", () => {
    const run = spawnSync(process.execPath, [cli, "--listen", "127.0.0.1:0"], { encoding: "utf8" });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /nothing is allowed: give at least one --allow host:port/);
    const bad = spawnSync(process.execPath, [cli, "--allow", "nope"], { encoding: "utf8" });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Invalid allow-list entry "nope"/);
  });

  it("refuses to start with an empty token or a limit of 0, which would turn a check off", () => {
    const start = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [cli, "--listen", "127.0.0.1:0", "--allow", "127.0.0.1:5555", ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 10_000 });
    for (const run of [start(["--token", ""]), start([], { ZEROMQ_WASM_GATEWAY_TOKEN: "" })]) {
      assert.equal(run.status, 2);
      assert.match(run.stderr, /the token is empty \(--token "" or an empty ZEROMQ_WASM_GATEWAY_TOKEN\), which would turn authentication off/);
    }
    for (const value of ["0", "-1", "1.5", "lots"]) {
      const run = start([`--max-message=${value}`]);
      assert.equal(run.status, 2, value);
      assert.match(run.stderr, new RegExp(`--max-message wants a whole number above 0, got "${value.replace(".", "\\.")}"`));
    }
    const config = join(mkdtempSync(join(tmpdir(), "zws-gw-")), "gateway.json");
    writeFileSync(config, JSON.stringify({ maxMessageBytes: 0 }));
    const fromFile = start(["--config", config]);
    assert.equal(fromFile.status, 2);
    assert.match(fromFile.stderr, /maxMessageBytes must be a whole number above 0, got 0/);
  });

  it("serves a config file plus flags, logs JSON lines, and exits cleanly on SIGTERM", async () => {
    const echo = await echoServer();
    const dir = mkdtempSync(join(tmpdir(), "zws-gw-"));
    const config = join(dir, "gateway.json");
    writeFileSync(config, JSON.stringify({ listen: "127.0.0.1:0", allow: [`127.0.0.1:${echo.port}`], maxConnections: 10 }));
    const child = spawn(process.execPath, [cli, "--config", config, "--origin", "http://localhost:5173"]);
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => JSON.parse((await within(lines.next(), 5000, "log line")).value as string);
    const listening = await next();
    assert.equal(listening.event, "listening");
    const url = listening.url as string;
    // Allowed: echo works.
    const ws = new WebSocket(`${url}/127.0.0.1:${echo.port}`, { headers: { origin: "http://localhost:5173" } });
    await new Promise((resolve) => ws.once("open", resolve));
    assert.equal((await next()).event, "open");
    // The connection stays up with the CLI's defaults (an unset flag once
    // overrode the idle timeout with undefined: every pipe closed at once).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const echoed = new Promise<Buffer>((resolve) => ws.once("message", (data: Buffer) => resolve(data)));
    ws.send(Buffer.from("ping through the CLI gateway"));
    assert.equal((await within(echoed, 5000, "the echo")).toString(), "ping through the CLI gateway");
    ws.close();
    const closed = await next();
    assert.deepEqual([closed.event, closed.reason, closed.bytesToTarget], ["close", "client closed", 28]);
    // Not allowed: refused and logged.
    const refused = new WebSocket(`${url}/127.0.0.1:22`);
    const status = await new Promise((resolve) => refused.once("unexpected-response", (_req, res) => resolve(res.statusCode)));
    assert.equal(status, 403);
    const entry = await next();
    assert.deepEqual([entry.event, entry.status, entry.target], ["refused", 403, "127.0.0.1:22"]);
    child.kill("SIGTERM");
    const code = await new Promise((resolve) => child.once("exit", resolve));
    assert.equal(code, 0);
    await echo.close();
  });

  it("answers an upgrade waiting on DNS with 503 on SIGTERM and exits at once", async () => {
    const dns = await silentDnsServer();
    const child = spawn(process.execPath, [
      cli,
      ...["--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--allow", "127.0.0.1:5555"],
      ...["--dns-server", dns.address, "--dns-timeout", "60000"],
    ]);
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => JSON.parse((await within(lines.next(), 5000, "log line")).value as string);
    const listening = await next();
    const metricsListening = await next();
    assert.equal(metricsListening.reason, "/healthz and /metrics");
    const waiting = upgrade(`${listening.url}/stuck.slow.test:5555`);
    await eventually("the DNS query sent", () => dns.queries > 0, 5000);
    const metrics = await (await fetch(`${metricsListening.url}/metrics`)).text();
    assert.match(metrics, /^zws_gateway_upgrades_pending 1$/m);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    assert.equal((await within(waiting, 5000, "the pending upgrade answered")).status, 503);
    assert.equal(await within(exited, 5000, "the gateway exiting"), 0);
    await dns.close();
  });

  it("takes --handshake-timeout, --max-handshakes, --max-handshakes-per-ip, --max-buffered and --message-timeout", async () => {
    for (const flag of ["--max-buffered", "--handshake-timeout", "--max-handshakes", "--max-handshakes-per-ip", "--message-timeout"]) {
      const refused = spawnSync(process.execPath, [cli, "--listen", "127.0.0.1:0", "--allow", "127.0.0.1:5555", `${flag}=0`], { encoding: "utf8", timeout: 10_000 });
      assert.equal(refused.status, 2, flag);
      assert.match(refused.stderr, new RegExp(`${flag} wants a whole number above 0`));
    }
    const child = spawn(process.execPath, [cli, "--listen", "127.0.0.1:0", "--allow", "127.0.0.1:5555", "--handshake-timeout", "500", "--max-handshakes", "1", "--max-buffered", "1048576"]);
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const listening = JSON.parse((await within(lines.next(), 5000, "log line")).value as string);
    const port = Number(new URL(listening.url).port);
    const connect = () => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.on("error", () => {});
      return { socket, closed: new Promise<void>((resolve) => socket.once("close", () => resolve())) };
    };
    const first = connect();
    await new Promise((resolve) => first.socket.once("connect", resolve));
    await within(connect().closed, 2000, "the connection over --max-handshakes 1, closed at once");
    await within(first.closed, 3000, "the silent connection, closed by --handshake-timeout 500");
    child.kill("SIGTERM");
    assert.equal(await new Promise((resolve) => child.once("exit", resolve)), 0);
  });
});
