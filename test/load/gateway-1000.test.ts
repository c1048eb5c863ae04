// Load: the gateway holds 1,000 concurrent WebSocket connections carrying a
// PUSH/PULL stream for LOAD_SECONDS (default 30): 1,000 zeromq-wasm Push
// sockets in this process, each through the gateway to one native libzmq
// PULL that checks every sender's sequence. Asserted: zero messages lost or
// reordered, the gateway's buffers and the process's memory within generous
// fixed bounds, and no file descriptor left behind once everything closed.
// Nothing here depends on how fast the machine is.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { after, describe, it } from "node:test";
import { WebSocket } from "ws";
import { configure, Push } from "../../dist/index.js";
import { createGateway, type Gateway } from "../../dist/gateway/server.js";
import { fixtures } from "../support/fixtures.ts";
import { faultPeers } from "../support/native-peer.ts";
import { eventually, sleep, within } from "../support/util.ts";

const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 1000);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
/** One message per connection per round; a round every ROUND_MS. */
const ROUND_MS = Number(process.env.LOAD_ROUND_MS ?? 100);
const MB = 1 << 20;

const { sockets, peer: startPeer } = fixtures();
let gateway: Gateway | undefined;
after(async () => {
  await gateway?.close();
});

const openFds = () => readdirSync("/proc/self/fd").length;


describe(`gateway under load: ${CONNECTIONS} WebSockets, PUSH/PULL for ${SECONDS} s`, () => {
  it("loses nothing, keeps memory bounded, leaks no file descriptors", async () => {
    configure({ WebSocket: WebSocket as never }); // Node 20: the `ws` class
    const pull = startPeer("pull-count", { senders: CONNECTIONS, timeout_ms: 60_000 }, faultPeers);
    const endpoint = await pull.endpoint();
    global.gc?.();
    const fdsBefore = openFds();
    const memBefore = process.memoryUsage();

    gateway = await createGateway({
      port: 0,
      allow: [endpoint.replace("tcp://", "")],
      maxConnections: CONNECTIONS + 100,
      maxConnectionsPerIp: CONNECTIONS + 100,
      log: false,
    });
    const gw = gateway;
    const pushes = Array.from({ length: CONNECTIONS }, () => {
      const push = sockets.add(new Push({ sendTimeout: 30_000, linger: 0 }));
      push.connect(endpoint, { gateway: gw.url });
      return push;
    });
    await eventually(`${CONNECTIONS} WebSockets open`, () => gw.stats().open === CONNECTIONS, 60_000);
    const fdsOpen = openFds();

    // Memory and buffers, sampled while the stream runs.
    const peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0, buffered: 0, open: 0 };
    const sample = () => {
      const mem = process.memoryUsage();
      peak.rss = Math.max(peak.rss, mem.rss);
      peak.heapUsed = Math.max(peak.heapUsed, mem.heapUsed);
      peak.external = Math.max(peak.external, mem.external);
      peak.arrayBuffers = Math.max(peak.arrayBuffers, mem.arrayBuffers);
      const stats = gw.stats();
      peak.buffered = Math.max(peak.buffered, stats.bufferedBytes);
      peak.open = Math.max(peak.open, stats.open);
    };
    const sampler = setInterval(sample, 250);

    const sent = new Array<number>(CONNECTIONS).fill(0);
    const end = Date.now() + SECONDS * 1000;
    let rounds = 0;
    let minOpen = CONNECTIONS;
    try {
      while (Date.now() < end) {
        const started = Date.now();
        await within(
          Promise.all(pushes.map((push, id) => push.send(["m", String(id), String(sent[id]++)]))),
          60_000,
          `round ${rounds}`,
        );
        rounds++;
        minOpen = Math.min(minOpen, gw.stats().open);
        await sleep(Math.max(0, ROUND_MS - (Date.now() - started)));
      }
      await within(
        Promise.all(pushes.map((push, id) => push.send(["fin", String(id), String(sent[id])]))),
        60_000,
        "fin",
      );
      const { report } = (await pull.next("report", 90_000)) as { report: Record<string, unknown> };
      sample();
      clearInterval(sampler);
      const total = sent.reduce((a, b) => a + b, 0);
      const figures = {
        connections: CONNECTIONS,
        seconds: SECONDS,
        rounds,
        sent: total,
        received: report.total,
        outOfOrder: report.out_of_order,
        lost: Object.keys(report.lost as object).length,
        minOpenDuringStream: minOpen,
        rssBeforeMB: +(memBefore.rss / MB).toFixed(1),
        rssPeakMB: +(peak.rss / MB).toFixed(1),
        heapUsedPeakMB: +(peak.heapUsed / MB).toFixed(1),
        externalPeakMB: +(peak.external / MB).toFixed(1),
        arrayBuffersPeakMB: +(peak.arrayBuffers / MB).toFixed(1),
        gatewayBufferedPeakBytes: peak.buffered,
        fdsBefore,
        fdsWithConnectionsOpen: fdsOpen,
      };
      console.log(`load figures: ${JSON.stringify(figures)}`);

      assert.equal(report.first_bad, null, "every sender's sequence arrived in order");
      assert.equal(report.out_of_order, 0);
      assert.deepEqual(report.lost, {}, "nothing lost on any connection");
      assert.equal(report.senders, CONNECTIONS);
      assert.equal(report.sent, total, "the PULL saw every sender's final count");
      assert.equal(report.total, total, "every message arrived");
      assert.equal(minOpen, CONNECTIONS, "no connection dropped during the stream");
      // Generous fixed bounds (not time): the wasm heap with its 64 KiB
      // rings per connection each way, 1,000 sockets, and the gateway.
      assert.ok(peak.rss < 1536 * MB, `RSS peaked at ${peak.rss} bytes`);
      assert.ok(peak.heapUsed < 512 * MB, `JS heap peaked at ${peak.heapUsed} bytes`);
      assert.ok(peak.buffered < 64 * MB, `gateway buffered ${peak.buffered} bytes`);
    } finally {
      clearInterval(sampler);
    }

    // Everything closes: the sockets, the gateway, the native peer.
    for (const push of pushes) push.close();
    await within(gw.close(), 30_000, "gateway close");
    gateway = undefined;
    pull.stop();
    await within(pull.exited, 10_000, "PULL exit");
    // The ws client sockets finish their close handshakes; then no fd of
    // this test may remain (a little slack for Node's own lazily opened fds).
    let fdsAfter = openFds();
    await eventually(
      "file descriptors back to where they were",
      () => (fdsAfter = openFds()) <= fdsBefore + 4,
      30_000,
    ).catch((error) => {
      console.log(`fds: before ${fdsBefore}, with connections ${fdsOpen}, after ${fdsAfter}`);
      throw error;
    });
    console.log(`fds: before ${fdsBefore}, with ${CONNECTIONS} connections open ${fdsOpen}, after closing ${fdsAfter}`);
    assert.ok(fdsOpen >= fdsBefore + 2 * CONNECTIONS, "the connections did hold descriptors (the count is meaningful)");
  });
});
