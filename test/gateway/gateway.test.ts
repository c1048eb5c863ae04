// The gateway as a whole, over real sockets: what it lets through, what it
// refuses, and that its memory stays bounded.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { WebSocket } from "ws";
import { createGateway, type Gateway, type GatewayOptions, type LogEntry } from "../../dist/gateway/server.js";
import { echoServer, floodServer } from "../support/tcp.ts";
import { sleep, within } from "../support/util.ts";

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function gateway(options: Partial<GatewayOptions> & { allow: string[] }): Promise<Gateway & { logs: LogEntry[] }> {
  const logs: LogEntry[] = [];
  const gw = await createGateway({ port: 0, log: (entry) => logs.push(entry), ...options });
  cleanups.push(() => gw.close());
  return Object.assign(gw, { logs });
}

/** Opens a WebSocket; resolves when open, rejects with the HTTP status. */
function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on("open", () => resolve(ws));
    ws.on("unexpected-response", (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.on("error", reject);
  });
}

/** A refused upgrade: the HTTP status and body the client got. */
function refusal(url: string): Promise<{ status?: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("open", () => reject(new Error(`${url} was not refused`)));
    ws.on("error", () => {});
    ws.on("unexpected-response", async (_req, res) => {
      let body = "";
      for await (const chunk of res) body += chunk;
      resolve({ status: res.statusCode, body });
    });
  });
}

const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));

describe("gateway", async () => {
  const echo = await echoServer();
  cleanups.push(() => echo.close());

  it("pipes bytes both ways to an allowed target", async () => {
    const gw = await gateway({ allow: [`127.0.0.1:${echo.port}`] });
    const ws = await open(`${gw.url}/127.0.0.1:${echo.port}`);
    const reply = new Promise<Buffer>((resolve) => ws.once("message", (data: Buffer) => resolve(data)));
    ws.send(Buffer.from("ping through the gateway"));
    assert.equal((await within(reply, 5000, "echo")).toString(), "ping through the gateway");
    ws.close();
    await closed(ws);
    await sleep(50);
    assert.equal(gw.stats().open, 0);
    assert.ok(gw.logs.some((entry) => entry.event === "open" && entry.target === `127.0.0.1:${echo.port}`));
  });

  it("refuses everything not on the allow-list with 403, at the upgrade", async () => {
    const gw = await gateway({ allow: [`127.0.0.1:${echo.port}`] });
    for (const path of [`127.0.0.1:${echo.port + 1}`, `10.0.0.1:${echo.port}`, "169.254.169.254:80", `0.0.0.0:${echo.port}`, `[::]:${echo.port}`]) {
      await assert.rejects(open(`${gw.url}/${path}`), { status: 403 }, path);
    }
    await assert.rejects(open(`${gw.url}/not-a-target`), { status: 400 });
    const refusals = gw.logs.filter((entry) => entry.event === "refused");
    assert.equal(refusals.length, 6);
    assert.match(gw.metrics.render(), /zws_gateway_refused_total\{reason="host not allowed"\} 1/);
  });

  it("tells a refused client only the status; the reason goes to the log and metrics", async () => {
    const gw = await gateway({
      allow: [`127.0.0.1:${echo.port}`, `metadata.example:${echo.port}`],
      resolve: async (host) => {
        if (host === "metadata.example") return ["169.254.169.254"];
        throw new Error("ENOTFOUND");
      },
    });
    const reasons = {
      [`127.0.0.1:${echo.port + 1}`]: "port not allowed",
      [`10.0.0.1:${echo.port}`]: "host not allowed",
      [`nowhere.example:${echo.port}`]: "unresolvable",
      [`metadata.example:${echo.port}`]: "link-local address",
    };
    for (const [path, reason] of Object.entries(reasons)) {
      assert.deepEqual(await refusal(`${gw.url}/${path}`), { status: 403, body: "Forbidden\n" }, path);
      assert.deepEqual(gw.logs.at(-1), { ...gw.logs.at(-1), event: "refused", status: 403, target: path, reason });
      assert.match(gw.metrics.render(), new RegExp(`^zws_gateway_refused_total\\{reason="${reason}"\\} 1$`, "m"));
    }
    assert.deepEqual(await refusal(`${gw.url}/not-a-target`), { status: 400, body: "Bad Request\n" });
    assert.equal(gw.logs.at(-1)?.reason, "bad target: use /<host>:<port>");
  });

  it("refuses unresolvable names", async () => {
    const gw = await gateway({
      allow: [`127.0.0.1:${echo.port}`],
      resolve: async () => {
        throw new Error("ENOTFOUND");
      },
    });
    await assert.rejects(open(`${gw.url}/no-such-host.invalid:${echo.port}`), { status: 403 });
    assert.equal(gw.logs.at(-1)?.reason, "unresolvable");
  });

  it("checks the browser origin and the bearer token", async () => {
    const gw = await gateway({ allow: [`127.0.0.1:${echo.port}`], origins: ["https://app.example"], token: "s3cret" });
    const target = `${gw.url}/127.0.0.1:${echo.port}`;
    await assert.rejects(open(target, { origin: "https://evil.example", authorization: "Bearer s3cret" }), { status: 403 });
    await assert.rejects(open(target, { origin: "https://app.example" }), { status: 401 });
    await assert.rejects(open(target, { authorization: "Bearer wrong" }), { status: 401 });
    (await open(target, { origin: "https://app.example", authorization: "Bearer s3cret" })).close();
    (await open(`${target}?token=s3cret`, { origin: "https://app.example" })).close();
    // Prefixes, extensions and other spellings are wrong tokens too.
    for (const wrong of ["s3cre", "s3cret ", "S3CRET", "s3cret\u0000", "s3cret2", ""]) {
      await assert.rejects(open(`${target}?token=${encodeURIComponent(wrong)}`), { status: 401 }, JSON.stringify(wrong));
    }
    for (const wrong of ["s3cre", "S3CRET", "s3cret2", "s3cret s3cret"]) {
      await assert.rejects(open(target, { authorization: `Bearer ${wrong}` }), { status: 401 }, JSON.stringify(wrong));
    }
  });

  it("refuses to start with an empty token or a limit that is not a positive whole number", async () => {
    const allow = [`127.0.0.1:${echo.port}`];
    await assert.rejects(createGateway({ port: 0, allow, token: "" }), /createGateway: token is empty; give a secret/);
    for (const maxMessageBytes of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(createGateway({ port: 0, allow, maxMessageBytes }), /createGateway: maxMessageBytes must be a whole number above 0/);
    }
    await assert.rejects(createGateway({ port: 0, allow, idleTimeoutMs: 0 }), /idleTimeoutMs must be a whole number above 0, got 0/);
  });

  it("limits connections in total and per client address", async () => {
    const gw = await gateway({ allow: [`127.0.0.1:${echo.port}`], maxConnections: 3, maxConnectionsPerIp: 2 });
    const target = `${gw.url}/127.0.0.1:${echo.port}`;
    const a = await open(target);
    const b = await open(target);
    await assert.rejects(open(target), { status: 429 });
    a.close();
    await closed(a);
    await sleep(50);
    const c = await open(target);
    b.close();
    c.close();
    const total = await gateway({ allow: [`127.0.0.1:${echo.port}`], maxConnections: 1 });
    const only = await open(`${total.url}/127.0.0.1:${echo.port}`);
    await assert.rejects(open(`${total.url}/127.0.0.1:${echo.port}`), { status: 503 });
    only.close();
  });

  it("closes on oversized messages (1009), text messages (1003) and idleness (4000)", async () => {
    const gw = await gateway({ allow: [`127.0.0.1:${echo.port}`], maxMessageBytes: 1024, idleTimeoutMs: 300 });
    const target = `${gw.url}/127.0.0.1:${echo.port}`;
    const big = await open(target);
    big.send(Buffer.alloc(4096));
    assert.equal(await closed(big), 1009);
    const text = await open(target);
    text.send("not binary");
    assert.equal(await closed(text), 1003);
    const idle = await open(target);
    assert.equal(await within(closed(idle), 3000, "idle close"), 4000);
  });

  it("answers 502 when an allowed target is down, and closes when a target goes away", async () => {
    const down = await echoServer();
    const port = down.port;
    await down.close();
    const gw = await gateway({ allow: [`127.0.0.1:${port}`, `127.0.0.1:${echo.port}`] });
    await assert.rejects(open(`${gw.url}/127.0.0.1:${port}`), { status: 502 });
    const ws = await open(`${gw.url}/127.0.0.1:${echo.port}`);
    await sleep(50);
    for (const socket of echo.sockets) socket.destroy();
    assert.equal(await within(closed(ws), 3000, "close after target loss"), 1000);
  });

  it("keeps its buffers bounded while a fast feed meets a client that does not read", async () => {
    const flood = floodServer();
    const feed = await flood.server;
    cleanups.push(() => feed.close());
    const gw = await gateway({ allow: [`127.0.0.1:${feed.port}`], highWaterBytes: 1 << 20 });
    const ws = await open(`${gw.url}/127.0.0.1:${feed.port}`);
    ws.pause(); // the client stops reading: its TCP window fills, then the gateway's buffers
    let peak = 0;
    for (let i = 0; i < 20; i++) {
      await sleep(100);
      peak = Math.max(peak, gw.stats().bufferedBytes);
    }
    const before = flood.written();
    await sleep(300);
    // The feed is held back by TCP flow control (it can write little more),
    // and the gateway holds at most about its high-water mark plus a chunk.
    assert.ok(flood.written() - before < 4 << 20, `feed kept writing: ${flood.written() - before} bytes`);
    assert.ok(peak < 4 << 20, `gateway buffered ${peak} bytes`);
    ws.resume();
    ws.terminate();
  });

  it("serves wss:// with a certificate and key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zws-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    const cert = readFileSync(join(dir, "cert.pem"));
    const gw = await gateway({ allow: [`127.0.0.1:${echo.port}`], tls: { cert, key: readFileSync(join(dir, "key.pem")) } });
    assert.match(gw.url, /^wss:\/\//);
    const ws = new WebSocket(`${gw.url}/127.0.0.1:${echo.port}`, { ca: cert });
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const reply = new Promise<Buffer>((resolve) => ws.once("message", (data: Buffer) => resolve(data)));
    ws.send(Buffer.from("over TLS"));
    assert.equal((await within(reply, 5000, "echo")).toString(), "over TLS");
    ws.close();
  });

  it("serves /healthz and Prometheus /metrics", async () => {
    const gw = await gateway({ allow: [`127.0.0.1:${echo.port}`] });
    const http = gw.url.replace("ws://", "http://");
    assert.equal(await (await fetch(`${http}/healthz`)).text(), "ok\n");
    const metrics = await (await fetch(`${http}/metrics`)).text();
    assert.match(metrics, /^zws_gateway_connections_open 0$/m);
    assert.match(metrics, /^zws_gateway_bytes_total\{direction="to_target"\} \d+$/m);
  });
});
