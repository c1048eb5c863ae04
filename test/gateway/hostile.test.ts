// Hostile peers against the gateway, over real sockets: connections that
// never finish their handshake, clients that leave while their target
// stalls, and many slow readers at once. Each attack is bounded by a limit,
// and a well-behaved client still gets through meanwhile.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tls from "node:tls";
import { setFlagsFromString } from "node:v8";
import * as vm from "node:vm";
import { after, describe, it } from "node:test";
import { WebSocket } from "ws";
import { closingStallMs } from "../../dist/gateway/pipe.js";
import { createGateway, type Gateway, type GatewayOptions } from "../../dist/gateway/server.js";
import { closeCode, frameHeader, pingFrame, rawWebSocket } from "../support/raw-websocket.ts";
import { echoServer, floodServer, stallServer } from "../support/tcp.ts";
import { eventually, sleep, within } from "../support/util.ts";

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function gateway(options: Partial<GatewayOptions> & { allow: string[] }): Promise<Gateway> {
  const gw = await createGateway({ port: 0, log: false, ...options });
  cleanups.push(() => gw.close());
  return gw;
}

function open(url: string, options: { ca?: Buffer } = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on("open", () => resolve(ws));
    ws.on("error", reject);
  });
}

/** Sends `bytes` through an echo target and resolves when all came back. */
async function echoed(ws: WebSocket, bytes: number): Promise<void> {
  let back = 0;
  const done = new Promise<void>((resolve) =>
    ws.on("message", (data: Buffer) => {
      back += data.length;
      if (back >= bytes) resolve();
    }),
  );
  for (let sent = 0; sent < bytes; sent += 64 * 1024) ws.send(Buffer.alloc(64 * 1024, 1));
  await done;
}

/** A raw TCP connection to the gateway; `closed` settles when the gateway
 * closes it. */
function rawConnection(port: number): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.on("error", () => {});
    const closed = new Promise<void>((done) => socket.once("close", () => done()));
    socket.once("connect", () => resolve({ socket, closed }));
    socket.once("error", reject);
    cleanups.push(() => void socket.destroy());
  });
}

/** Writes one byte every 200 ms until the socket closes (slowloris). */
function drip(socket: net.Socket, bytes: Buffer): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    socket.write(bytes.subarray(i % bytes.length, (i % bytes.length) + 1));
    i++;
  }, 200);
  socket.once("close", () => clearInterval(timer));
}

setFlagsFromString("--expose-gc"); // to measure what the gateway holds
const dripper = fileURLToPath(new URL("../support/dripper.ts", import.meta.url));

function certificate(): { cert: Buffer; key: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), "zws-hostile-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
  const pair = { cert: readFileSync(join(dir, "cert.pem")), key: readFileSync(join(dir, "key.pem")) };
  rmSync(dir, { recursive: true });
  return pair;
}

describe("gateway under hostile peers", async () => {
  const echo = await echoServer();
  cleanups.push(() => echo.close());
  const allow = [`127.0.0.1:${echo.port}`];

  it("closes a connection that has not sent its upgrade request by the handshake deadline, in every phase, plain and TLS", async () => {
    const { cert, key } = certificate();
    const plain = await gateway({ allow, handshakeTimeoutMs: 1000 });
    const secure = await gateway({ allow, handshakeTimeoutMs: 1000, tls: { cert, key } });

    // Plain HTTP: request headers dripped one byte at a time.
    const partialRequest = await rawConnection(plain.port);
    drip(partialRequest.socket, Buffer.from(`GET /127.0.0.1:${echo.port} HTTP/1.1\r\nHost: x\r\nX-Slow: ${"a".repeat(100)}`));
    // TLS: connected, never a byte.
    const silent = await rawConnection(secure.port);
    // TLS: a ClientHello that never ends (record header, then a drip).
    const partialHello = await rawConnection(secure.port);
    partialHello.socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]));
    drip(partialHello.socket, Buffer.alloc(100, 0));
    // TLS: handshake completed, then no request.
    const quiet = tls.connect({ host: "127.0.0.1", port: secure.port, ca: cert });
    quiet.on("error", () => {});
    cleanups.push(() => void quiet.destroy());
    await new Promise((resolve) => quiet.once("secureConnect", resolve));
    const quietClosed = new Promise<void>((resolve) => quiet.once("close", () => resolve()));

    // Meanwhile, well-behaved clients upgrade and outlive the deadline.
    const ws = await open(`${plain.url}/127.0.0.1:${echo.port}`);
    const wss = await open(`${secure.url}/127.0.0.1:${echo.port}`, { ca: cert });
    const phases = [partialRequest.closed, silent.closed, partialHello.closed, quietClosed];
    const names = ["partial request", "silent TCP", "partial ClientHello", "TLS without a request"];
    await Promise.all(phases.map((closed, i) => within(closed, 4000, `${names[i]} closed by the 1 s handshake deadline`)));
    await within(echoed(ws, 256 * 1024), 5000, "ws:// echo after the deadline");
    await within(echoed(wss, 256 * 1024), 5000, "wss:// echo after the deadline");
    assert.match(plain.metrics.render(), /zws_gateway_refused_total\{reason="handshake timeout"\} 1/);
    ws.close();
    wss.close();
  });

  it("closes connections over the handshake cap at once, apart from maxConnections", async () => {
    const gw = await gateway({ allow, maxHandshakes: 3, metricsPort: 0 });
    const waiting = await Promise.all([0, 1, 2].map(() => rawConnection(gw.port)));
    const extra = await rawConnection(gw.port);
    await within(extra.closed, 1000, "the connection over the cap closed at once");
    await sleep(100);
    const metrics = await (await fetch(`${gw.metricsUrl}/metrics`)).text();
    assert.match(metrics, /^zws_gateway_handshakes_pending 3$/m);
    assert.ok(waiting.every(({ socket }) => !socket.destroyed), "the connections within the cap stay");
    for (const { socket } of waiting) socket.destroy();
    await Promise.all(waiting.map(({ closed }) => closed));
    // Their slots are free again.
    let ws: WebSocket | undefined;
    await eventually("a handshake slot is free again", async () => {
      ws = await open(`${gw.url}/127.0.0.1:${echo.port}`).catch(() => undefined);
      return ws !== undefined;
    }, 2000);
    assert.ok(ws);
    await within(echoed(ws, 64 * 1024), 5000, "echo");
    ws.close();
  });

  it("closes a client's connections over the per-address handshake cap at once; other addresses still connect", async () => {
    const gw = await gateway({ allow, maxHandshakesPerIp: 2 });
    const waiting = await Promise.all([0, 1].map(() => rawConnection(gw.port)));
    const extra = await rawConnection(gw.port);
    await within(extra.closed, 1000, "the connection over the per-address cap closed at once");
    // A client at another address is not held back by them.
    const other = new WebSocket(`${gw.url}/127.0.0.1:${echo.port}`, { localAddress: "127.0.0.2" });
    await within(new Promise((resolve, reject) => other.once("open", resolve).once("error", reject)), 5000, "another address upgrades");
    await within(echoed(other, 64 * 1024), 5000, "echo");
    assert.ok(waiting.every(({ socket }) => !socket.destroyed), "the connections within the cap stay");
    other.close();
  });

  for (const leave of ["terminate", "reset"] as const) {
    it(`releases the pipe and the target soon after a client leaves (${leave}) while its target stalls`, async () => {
      const stall = await stallServer("silent");
      cleanups.push(() => stall.close());
      const gw = await gateway({ allow: [`127.0.0.1:${stall.port}`] });
      const ws = await open(`${gw.url}/127.0.0.1:${stall.port}`);
      await eventually("the target connection is made", () => stall.sockets.size === 1, 2000);
      // Write until the target's window, the gateway's buffers and then our
      // own send buffer are full: the gateway has paused reading from us.
      while (ws.bufferedAmount < 4 << 20) {
        ws.send(Buffer.alloc(64 * 1024, 2));
        await sleep(ws.bufferedAmount > 1 << 20 ? 20 : 0);
      }
      await sleep(300);
      assert.equal(gw.stats().open, 1);
      if (leave === "terminate") ws.terminate();
      else (ws as unknown as { _socket: net.Socket })._socket.resetAndDestroy();
      await eventually("the pipe is closed", () => gw.stats().open === 0, 5000);
      assert.match(gw.metrics.render(), /^zws_gateway_connections_open 0$/m);
      // The gateway has closed its target connection: the target, reading
      // again, gets through what was queued and then sees the end.
      for (const socket of stall.sockets) socket.resume();
      await eventually("the target connection is closed", () => stall.sockets.size === 0, 5000);
    });
  }

  for (const leave of ["reset", "close with unread bytes"] as const) {
    it(`releases the pipe and cuts off the client soon after its target leaves (${leave}) while the client does not read`, async () => {
      const flood = floodServer();
      const feed = await flood.server;
      cleanups.push(() => feed.close());
      const gw = await gateway({ allow: [`127.0.0.1:${feed.port}`] });
      const ws = await open(`${gw.url}/127.0.0.1:${feed.port}`);
      let closeCode = 0;
      ws.on("close", (code) => (closeCode = code));
      ws.pause(); // it never reads: the gateway's queue to it fills and it stops reading the target
      // Bytes the target never reads (more than Node reads ahead for it):
      // its close then resets the connection, as a process that exits does.
      if (leave === "close with unread bytes") ws.send(Buffer.alloc(256 * 1024, 3));
      await eventually("the gateway holds its high-water mark for the client", () => gw.stats().bufferedBytes >= 1 << 20, 5000);
      await eventually("the target connection is there", () => feed.sockets.size === 1, 2000);
      await sleep(300);
      for (const socket of feed.sockets) {
        if (leave === "reset") socket.resetAndDestroy();
        else socket.destroy();
      }
      await within(eventually("the pipe is closed", () => gw.stats().open === 0, 10_000), 10_000, "pipe closed");
      assert.match(gw.metrics.render(), /^zws_gateway_connections_open 0$/m);
      // The client, still not reading, is cut off rather than left with the
      // queue: when it reads again, the connection ends without the close
      // handshake (1006), not after the whole queue and a close frame (1011).
      await sleep(closingStallMs + 1500);
      ws.resume();
      await eventually("the client sees the connection end", () => closeCode !== 0, 5000);
      assert.equal(closeCode, 1006);
    });
  }

  it("counts clients' messages still arriving in the total budget, while a well-behaved client keeps flowing", async () => {
    const budget = 4 << 20;
    const drippers = 24;
    const partial = 960 * 1024;
    const gw = await gateway({ allow, maxBufferedBytes: budget });
    const gc = vm.runInNewContext("gc") as () => void;
    const external = () => {
      gc();
      return process.memoryUsage().arrayBuffers;
    };
    const before = external();
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, gw.stats().bufferedBytes)), 20);
    cleanups.push(() => clearInterval(watch));
    // Another process, so that its own buffers do not count here: each
    // connection starts a message of almost 1 MiB (the limit), sends most
    // of it and stalls, forever.
    const child = spawn(process.execPath, ["--import", "tsx", dripper, String(gw.port), `/127.0.0.1:${echo.port}`, String(drippers), String(partial)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    cleanups.push(() => void child.kill());
    await within(new Promise((resolve) => child.stdout.once("data", resolve)), 10_000, "the drippers connected and sent");
    await eventually("the drippers' pipes are open", () => gw.stats().open === drippers, 5000);
    await sleep(1000);
    // Meanwhile a well-behaved client's messages (16 KiB, as libzmq writes
    // its batches) go through and back.
    const client = await open(`${gw.url}/127.0.0.1:${echo.port}`);
    let back = 0;
    const done = new Promise<void>((resolve) => client.on("message", (data: Buffer) => (back += data.length) >= 1 << 20 && resolve()));
    for (let sent = 0; sent < 1 << 20; sent += 16 * 1024) client.send(Buffer.alloc(16 * 1024, 5));
    await within(done, 10_000, "echo of 1 MiB while partial messages hold the budget");
    await sleep(500);
    clearInterval(watch);
    // Within the budget plus, per connection, one read and a message in
    // progress of up to two reads (64 KiB each). The drippers stall for
    // good, so what the gateway holds for them stays; what the echo's
    // round trip left (socket buffers on their way to being freed) goes:
    // the least of a few seconds' samples is what is held.
    const slack = (drippers + 1) * 3 * 64 * 1024;
    let held = Infinity;
    await eventually("memory settles", () => (held = Math.min(held, external() - before)) <= budget + slack, 3000).catch(() => {});
    assert.ok(held <= budget + slack, `gateway memory grew by ${held} bytes; budget ${budget} + slack ${slack}`);
    assert.ok(peak <= budget + slack, `gateway buffered ${peak} bytes; budget ${budget} + slack ${slack}`);
    assert.ok(peak > budget / 2, `the drippers did fill the budget (${peak} bytes)`);
    client.close();
    child.kill();
  });

  it("closes a connection whose message is not complete by the message deadline, pings between fragments or not", async () => {
    const gw = await gateway({ allow, messageTimeoutMs: 1000 });
    const path = `/127.0.0.1:${echo.port}`;
    // A message begun and never finished.
    const partial = await rawWebSocket(gw.port, path);
    cleanups.push(() => void partial.destroy());
    partial.write(Buffer.concat([frameHeader(2, 100_000), Buffer.alloc(50_000)]));
    // A fragmented message kept going with pings between the fragments.
    const fragments = await rawWebSocket(gw.port, path);
    cleanups.push(() => void fragments.destroy());
    fragments.write(Buffer.concat([frameHeader(2, 50_000, false), Buffer.alloc(50_000)]));
    const pinging = setInterval(() => fragments.write(pingFrame(Buffer.from("still here"))), 200);
    cleanups.push(() => clearInterval(pinging));
    // A well-behaved client, idle past the deadline and pinging, then sending.
    const client = await open(`${gw.url}${path}`);
    const keepalive = setInterval(() => client.ping(), 200);
    cleanups.push(() => clearInterval(keepalive));
    const codes = await within(Promise.all([closeCode(partial), closeCode(fragments)]), 3000, "both closed by the 1 s message deadline");
    assert.deepEqual(codes, [1008, 1008]);
    await sleep(500);
    await within(echoed(client, 256 * 1024), 5000, "the well-behaved client's echo");
    assert.equal(gw.stats().open, 1);
    assert.match(gw.metrics.render(), /zws_gateway_connections_total 3/);
    clearInterval(pinging);
    clearInterval(keepalive);
    client.close();
  });

  it("holds all slow readers' buffers within the total budget, while a well-behaved client keeps flowing", async () => {
    const flood = floodServer();
    const feed = await flood.server;
    cleanups.push(() => feed.close());
    const budget = 2 << 20;
    const readers = 12;
    const gw = await gateway({ allow: [...allow, `127.0.0.1:${feed.port}`], maxBufferedBytes: budget, highWaterBytes: 1 << 20 });
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, gw.stats().bufferedBytes)), 20);
    // One after another, so the first have filled up by the time the
    // next arrive (the share shrinks as they come; what is held stays).
    const slow: WebSocket[] = [];
    cleanups.push(() => clearInterval(watch));
    for (let i = 0; i < readers; i++) {
      const ws = await open(`${gw.url}/127.0.0.1:${feed.port}`);
      ws.pause(); // it stops reading: its window fills, then the gateway's buffers
      slow.push(ws);
      await sleep(150);
    }
    const client = await open(`${gw.url}/127.0.0.1:${echo.port}`);
    await sleep(1000);
    // The well-behaved client gets 4 MiB through and back meanwhile.
    await within(echoed(client, 4 << 20), 10_000, "echo of 4 MiB while slow readers hold the budget");
    await sleep(500);
    clearInterval(watch);
    // Within the budget plus one read (64 KiB) per connection still reading.
    const slack = (readers + 1) * 64 * 1024;
    assert.ok(peak <= budget + slack, `gateway buffered ${peak} bytes; budget ${budget} + slack ${slack}`);
    assert.ok(peak > budget / 2, `the slow readers did fill the budget (${peak} bytes)`);
    client.close();
    for (const ws of slow) ws.terminate();
  });
});
