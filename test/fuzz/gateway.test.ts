// Fuzzes the WebSocket-to-TCP gateway with bad input over real sockets:
// malformed upgrade requests written raw, wrong paths, targets that try to
// leave the allow-list (aliases, forbidden addresses behind DNS names, URL
// tricks), oversized and text frames, and slow partial handshakes. Every
// refusal is checked by status code, and the TCP servers behind the gateway
// count accepted connections: refused requests must reach none of them.
// test/gateway/*.test.ts covers the basics (the allow-list by IP, origin,
// token, limits, 1009/1003/idle closes); this file covers the rest.
import assert from "node:assert/strict";
import * as http from "node:http";
import * as net from "node:net";
import { after, before, describe, it } from "node:test";
import { WebSocket } from "ws";
import { createGateway, type Gateway } from "../../dist/gateway/server.js";
import { echoServer, type TcpServer } from "../support/tcp.ts";
import { eventually, within } from "../support/util.ts";
import { fuzzSeed, prng } from "../support/prng.ts";

const SEED = fuzzSeed();
console.log(`gateway fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED})`);


/** A TCP server that counts the connections it accepts. */
async function countingServer(host = "127.0.0.1", port = 0) {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    socket.pipe(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    open: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** DNS as the test wants it: names that resolve to forbidden places. */
const names: Record<string, string[]> = {
  "metadata.example": ["169.254.169.254"],
  "zero.example": ["0.0.0.0"],
  "v6zero.example": ["::"],
  "mixed.example": ["127.0.0.1", "169.254.169.254"],
  "mapped.example": ["::ffff:169.254.169.254"],
  "multicast.example": ["224.0.0.1"],
  "linklocal6.example": ["fe80::1"],
  "other-loopback.example": ["127.0.0.2"],
  "v6loopback.example": ["::1"],
};

let echo: TcpServer;
let allowed: Awaited<ReturnType<typeof countingServer>>;
/** Same port as the allowed target, another loopback address: must stay unreached. */
let secret: Awaited<ReturnType<typeof countingServer>>;
let other: Awaited<ReturnType<typeof countingServer>>;
let gw: Gateway;
let base: string;
const refusals: Array<{ status?: number; reason?: string }> = [];

before(async () => {
  echo = await echoServer();
  allowed = await countingServer();
  secret = await countingServer("127.0.0.2", allowed.port);
  other = await countingServer();
  gw = await createGateway({
    port: 0,
    allow: [`127.0.0.1:${allowed.port}`, `127.0.0.1:${echo.port}`],
    maxMessageBytes: 4096,
    log: (entry) => {
      if (entry.event === "refused") refusals.push(entry);
    },
    resolve: async (host) => {
      const found = names[host];
      if (!found) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: "ENOTFOUND" });
      return found;
    },
  });
  base = gw.url.replace("ws://", "");
});

after(async () => {
  await gw?.close();
  await Promise.all([echo?.close(), allowed?.close(), secret?.close(), other?.close()]);
});

/** Writes raw bytes to the gateway; resolves with everything it answered
 * once it closes the connection. */
function raw(data: string | Buffer, { end = false } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: gw.port });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", () => {});
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.write(data);
    if (end) socket.end();
  });
}

const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
const KEY = "dGhlIHNhbXBsZSBub25jZQ==";

function upgrade(path: string, headers: Record<string, string> = {}, { method = "GET", version = "HTTP/1.1" } = {}): string {
  const all: Record<string, string> = {
    host: base,
    connection: "Upgrade",
    upgrade: "websocket",
    "sec-websocket-version": "13",
    "sec-websocket-key": KEY,
    ...headers,
  };
  const lines = Object.entries(all)
    .filter(([, value]) => value !== "")
    .map(([name, value]) => `${name}: ${value}`);
  return `${method} ${path} ${version}\r\n${lines.join("\r\n")}\r\n\r\n`;
}

/** Opens a WebSocket through the gateway; resolves open, rejects with the status. */
function open(path: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${gw.url}${path}`);
    ws.on("open", () => resolve(ws));
    ws.on("unexpected-response", (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.on("error", reject);
  });
}

async function echoes(ws: WebSocket, text: string): Promise<void> {
  const reply = new Promise<Buffer>((resolve) => ws.once("message", (data: Buffer) => resolve(data)));
  ws.send(Buffer.from(text));
  assert.equal((await within(reply, 10_000, "echo through the gateway")).toString(), text);
}


const noneReached = (what: string) => {
  assert.equal(secret.accepted(), 0, `${what}: the other loopback address was reached`);
  assert.equal(other.accepted(), 0, `${what}: a port not on the allow-list was reached`);
};

describe(`gateway fuzz (seed ${SEED})`, { timeout: 120_000 }, () => {
  it("starts serving a valid client", async () => {
    const ws = await open(`/127.0.0.1:${echo.port}`);
    await echoes(ws, "hello before the fuzz");
    ws.close();
  });

  it("answers malformed HTTP with an error and closes, reaching nothing", async () => {
    const rng = prng(SEED);
    const target = `/127.0.0.1:${allowed.port}`;
    const before = allowed.accepted();
    const cases: Array<[string, string | Buffer, number[]]> = [
      ["garbage", Buffer.from(Array.from({ length: 200 }, () => rng.int(256))), [0, 400]],
      ["no request line", "\r\n\r\n", [0, 400, 408]],
      ["HTTP/0.9", `GET ${target}\r\n\r\n`, [0, 400, 404, 408]], // read as HTTP/1.0: a plain 404
      // Node parses "HTTP/2.0" on this connection like 1.1: the upgrade may go through (101).
      ["HTTP/2.0 version", upgrade(target, {}, { version: "HTTP/2.0" }), [0, 101, 400, 505]],
      ["HTTP/1.0 upgrade", upgrade(target, {}, { version: "HTTP/1.0" }), [0, 101, 400, 404, 426]],
      ["bad version token", upgrade(target, {}, { version: "HTXP/1.1" }), [0, 400]],
      ["header without colon", `GET ${target} HTTP/1.1\r\nhost ${base}\r\nupgrade: websocket\r\n\r\n`, [0, 400]],
      ["NUL in header", upgrade(target, { "x-a": "b\0c" }), [0, 400]],
      ["huge header", upgrade(target, { "x-huge": "a".repeat(64 * 1024) }), [0, 400, 431]],
      ["many headers", upgrade(target, Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`x-h${i}`, "v"]))), [0, 400, 431]],
      ["missing key", upgrade(target, { "sec-websocket-key": "" }), [400]],
      ["short key", upgrade(target, { "sec-websocket-key": "abc" }), [400]],
      ["key not base64", upgrade(target, { "sec-websocket-key": "!!!!!!!!!!!!!!!!!!!!!!==" }), [400]],
      ["two keys", upgrade(target, { "sec-websocket-key": `${KEY}, ${KEY}` }), [400]],
      ["missing version", upgrade(target, { "sec-websocket-version": "" }), [400]],
      ["version 12", upgrade(target, { "sec-websocket-version": "12" }), [400]],
      ["version text", upgrade(target, { "sec-websocket-version": "thirteen" }), [400]],
      ["upgrade to h2c", upgrade(target, { upgrade: "h2c" }), [400]],
      ["POST upgrade", upgrade(target, {}, { method: "POST" }), [400, 405]],
      ["bad subprotocol", upgrade(target, { "sec-websocket-protocol": "a b,,c" }), [400]],
      ["repeated subprotocol", upgrade(target, { "sec-websocket-protocol": "zmtp, zmtp" }), [400]],
    ];
    // Node takes "HTTP/1.0" and "HTTP/2.0" request lines as HTTP/1.x: those
    // two are valid upgrades and may reach the (allowed) target.
    const mayReach = new Set(["HTTP/2.0 version", "HTTP/1.0 upgrade"]);
    for (const [what, data, statuses] of cases) {
      const was = allowed.accepted();
      // Half-closed, so that Node does not wait for the rest of an incomplete
      // request (408 after its timeout) and an upgrade that went through ends.
      const answer = await within(raw(data, { end: true }), 60_000, `${what}: the gateway did not close`);
      assert.ok(statuses.includes(status(answer)), `${what}: answered ${JSON.stringify(answer.slice(0, 60))}`);
      if (!mayReach.has(what)) assert.equal(allowed.accepted(), was, `${what}: refused, yet the target was reached`);
    }
    assert.ok(allowed.accepted() - before <= mayReach.size);
    await eventually("a connection to the target was left open", () => allowed.open() === 0, 30_000);
    noneReached("malformed HTTP");
  });

  it("survives randomly mutated upgrade requests, reaching only the allowed target", async () => {
    const rng = prng(SEED ^ 0x1234);
    const cases = 400;
    const valid = Buffer.from(upgrade(`/127.0.0.1:${allowed.port}`));
    let next = 0;
    const answers: Record<number, number> = {};
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < cases) {
          const i = next++;
          const bytes = Buffer.from(valid);
          for (let n = 1 + rng.int(4); n > 0; n--) {
            const at = rng.int(bytes.length);
            if (rng.chance(0.7)) bytes[at] = rng.int(256);
            else bytes[at] = rng.pick([0x0d, 0x0a, 0x3a, 0x20, 0x00, 0x25, 0x2f]);
          }
          // Half-closing makes even a still-valid request end.
          const answer = await within(raw(bytes.subarray(0, rng.chance(0.2) ? rng.int(bytes.length) : bytes.length), { end: true }), 60_000, `mutation ${i} (seed ${SEED}): ${JSON.stringify(bytes.toString("latin1"))}`);
          answers[status(answer)] = (answers[status(answer)] ?? 0) + 1;
        }
      }),
    );
    console.log(`gateway fuzz: ${cases} mutated requests, answers by status ${JSON.stringify(answers)}`);
    noneReached("mutations");
    // Mutations that kept the request valid were upgraded, then ended by the
    // half-close: every target connection closes.
    await eventually(`connections to the target left open: ${allowed.open()}`, () => allowed.open() === 0, 30_000);
  });

  it("refuses wrong paths and URL tricks with 400", async () => {
    const port = allowed.port;
    const before = allowed.accepted();
    const paths = [
      "/", "/healthz", `/127.0.0.1`, `/127.0.0.1:`, `/:${port}`, `/127.0.0.1:${port}/`, `/127.0.0.1:${port}/..`,
      `/../127.0.0.1:${port}`, `/%2F127.0.0.1:${port}`, `/127.0.0.1%2F:${port}`, `/127.0.0.1:${port}%2F..%2F`,
      `/..%2F..%2F127.0.0.1:${port}`, `/127.0.0.1:${port}%00`, `/127.0.0.1:${port}%0d%0a`, `/user@127.0.0.1:${port}`,
      `/user:pass@127.0.0.1:${port}`, `/127.0.0.1:${port}@127.0.0.2:${port}`, `/127.0.0.1:+${port}`, `/127.0.0.1:-1`,
      `/127.0.0.1:0`, `/127.0.0.1:65536`, `/127.0.0.1:99999999`, `/127.0.0.1:${port}:${port}`, `/[127.0.0.1]:${port}`,
      `/[::1:${port}`, `/::1:${port}`, `/127.0.0.1 :${port}`, `/%zz:${port}`, `/127.0.0.1:0${port}`,
      `//127.0.0.1:${port}`, `/ws://127.0.0.1:${port}`, `/tcp://127.0.0.1:${port}`, `/127.0.0.1;${port}`,
    ];
    for (const path of paths) {
      const answer = await within(raw(upgrade(path)), 30_000, `${path}: no answer`);
      assert.equal(status(answer), 400, `${path}: answered ${JSON.stringify(answer.slice(0, 60))}`);
    }
    assert.equal(allowed.accepted(), before);
    noneReached("paths");
  });

  it("refuses targets outside the allow-list: other addresses, ports, forbidden names", async () => {
    const port = allowed.port;
    const before = allowed.accepted();
    const refused: Array<[string, number]> = [
      [`0.0.0.0:${port}`, 403],
      [`[::]:${port}`, 403],
      [`127.0.0.2:${port}`, 403],
      [`127.2:${port}`, 403], // 127.0.0.2 by inet_aton
      [`[::1]:${port}`, 403],
      [`169.254.169.254:${port}`, 403],
      [`[::ffff:a9fe:a9fe]:${port}`, 403],
      [`[0:0:0:0:0:ffff:a9fe:a9fe]:${port}`, 403],
      [`[::ffff:e000:1]:${port}`, 403],
      [`[0::0]:${port}`, 403],
      [`[::0]:${port}`, 403],
      [`169.254.169.254:80`, 403],
      [`127.0.0.1:${other.port}`, 403],
      [`127.0.0.1:22`, 403],
      [`127.1:${other.port}`, 403],
      [`2130706433:${other.port}`, 403],
      [`0x7f.1:${other.port}`, 403],
      [`0177.0.0.1:${other.port}`, 403],
      [`${"a".repeat(300)}.example:${port}`, 403], // a long name: unresolvable
      [`metadata.example:${port}`, 403],
      [`zero.example:${port}`, 403],
      [`v6zero.example:${port}`, 403],
      [`mixed.example:${port}`, 403],
      [`mapped.example:${port}`, 403],
      [`multicast.example:${port}`, 403],
      [`linklocal6.example:${port}`, 403],
      [`other-loopback.example:${port}`, 403],
      [`v6loopback.example:${port}`, 403],
      [`unknown.example:${port}`, 403],
      [`localhost.:${port}`, 403], // not in the test's DNS: unresolvable
    ];
    for (const [target, code] of refused) {
      await assert.rejects(open(`/${target}`), { status: code }, target);
    }
    assert.equal(allowed.accepted(), before, "a refused target reached the allowed server");
    noneReached("targets");
    const reasons = new Set(refusals.map((entry) => entry.reason));
    for (const reason of ["unspecified address", "link-local address", "multicast address", "host not allowed", "port not allowed", "unresolvable"]) {
      assert.ok(reasons.has(reason), `no refusal for "${reason}"`);
    }
  });

  it("lets numeric aliases of the allowed address reach only the allowed target", async () => {
    // 127.1, 2130706433, 0x7f.1 and 0177.0.0.1 are 127.0.0.1 to the system
    // resolver (inet_aton): the policy compares resolved addresses, so they
    // reach the same allowed target, or are refused; never anything else.
    // So do the IPv4-mapped IPv6 spellings, which the policy canonicalises.
    for (const alias of ["127.1", "2130706433", "0x7f.1", "0177.0.0.1", "127.0.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:127.0.0.1]"]) {
      const gw2 = await createGateway({ port: 0, allow: [`127.0.0.1:${echo.port}`], log: false });
      try {
        const ws = await new Promise<WebSocket | number>((resolve, reject) => {
          const socket = new WebSocket(`${gw2.url}/${alias}:${echo.port}`);
          socket.on("open", () => resolve(socket));
          socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
          socket.on("error", reject);
        });
        if (typeof ws === "number") assert.equal(ws, 403, alias);
        else {
          await echoes(ws, `via ${alias}`);
          ws.close();
        }
      } finally {
        await gw2.close();
      }
    }
    noneReached("aliases");
  });

  it("closes on text frames and frames over maxMessageBytes, whatever their shape", async () => {
    const rng = prng(SEED ^ 0x5a5a);
    for (let i = 0; i < 40; i++) {
      const ws = await open(`/127.0.0.1:${echo.port}`);
      const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
      const kind = rng.int(3);
      if (kind === 0) ws.send(rng.chance(0.5) ? "" : "text ".repeat(rng.int(100)));
      else if (kind === 1) ws.send(Buffer.alloc(4097 + rng.int(100_000)));
      else {
        // Fragments that add up to more than the limit.
        const size = 2048 + rng.int(2048);
        ws.send(Buffer.alloc(size), { fin: false });
        ws.send(Buffer.alloc(4096), { fin: true });
      }
      assert.equal(await within(closed, 30_000, `frame case ${i}`), kind === 0 ? 1003 : 1009, `frame case ${i} kind ${kind}`);
    }
    await eventually("pipes left open", () => gw.stats().open === 0, 30_000);
  });

  it("cuts off slow partial handshakes (slowloris) by its handshake deadline, and stays healthy", async () => {
    // handshakeTimeoutMs (default 10 s, phases.ts) holds from accept to the
    // upgrade request, whatever trickles in.
    const started = Date.now();
    const slow = Array.from({ length: 20 }, (_, i) =>
      new Promise<number>((resolve) => {
        const socket = net.connect({ host: "127.0.0.1", port: gw.port });
        socket.on("error", () => {});
        const text = upgrade(`/127.0.0.1:${allowed.port}`);
        let at = 0;
        // One byte per second: it would take minutes to finish.
        const drip = setInterval(() => {
          if (at < text.length - 4) socket.write(text[at++]);
        }, 1000);
        socket.write(text.slice(0, 10 + i));
        at = 10 + i;
        socket.resume();
        socket.on("close", () => {
          clearInterval(drip);
          resolve(Date.now() - started);
        });
      }),
    );
    // Meanwhile the gateway serves everyone else (they fill this address's
    // handshake slots: another address).
    const status = await new Promise<number | undefined>((resolve, reject) =>
      http.get({ host: "127.0.0.1", port: gw.port, path: "/healthz", localAddress: "127.0.0.2" }, (res) => resolve(res.resume().statusCode)).on("error", reject),
    );
    assert.equal(status, 200);
    const times = await within(Promise.all(slow), 20_000, "slow handshakes were not cut off by the 10 s deadline");
    console.log(`gateway fuzz: slow handshakes cut off after ${Math.min(...times)}-${Math.max(...times)} ms`);
    assert.equal(allowed.open(), 0);
  });

  it("is healthy after the fuzz and still serves a valid client", async () => {
    const health = await fetch(`${gw.url.replace("ws://", "http://")}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(await health.text(), "ok\n");
    const ws = await open(`/127.0.0.1:${echo.port}`);
    await echoes(ws, "hello after the fuzz");
    ws.close();
    noneReached("after");
    assert.equal(allowed.open(), 0, "connections to the target were left open");
  });
});
