// Load: zeromq-wasm-proxy (its CLI, a child process) holds CONNECTIONS
// (default 6,000: past the 4,096 fds its shim once had) subscribers on its
// XPUB side at once, lean ZMTP SUBs over plain TCP in this process; every
// one receives the feed; all are released; then the same again, which needs
// the first round's fd slots and ring memory back (a round's rings alone
// are three quarters of what the shim lends all of them). Nothing here
// depends on how fast the machine is.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { ChildProcess } from "node:child_process";
import { Publisher } from "../../dist/index.js";
import { establishedOn, exited, startChild } from "../support/deployment.ts";
import { freePort } from "../support/tcp.ts";
import { eventually, sleep } from "../support/util.ts";
import { leanTcpSubscriber, type LeanSubscriber } from "../support/zmtp-ws-subscriber.ts";

const CONNECTIONS = Number(process.env.LOAD_PROXY_CONNECTIONS ?? 6000);
const ROUNDS = 2;
const BATCH = 500;
const topic = Buffer.from("feed");

let proxy: ChildProcess | undefined;
after(async () => {
  proxy?.kill("SIGTERM");
  if (proxy) await exited(proxy);
});

describe(`zeromq-wasm-proxy holds ${CONNECTIONS} subscribers, ${ROUNDS} rounds`, () => {
  it("accepts them all, delivers to each, releases them all, and again", { timeout: 300_000 }, async () => {
    const [xsubPort, xpubPort] = [await freePort(), await freePort()];
    const started = await startChild([new URL("../../dist/proxy-cli.js", import.meta.url).pathname, "--xsub", `tcp://127.0.0.1:${xsubPort}`, "--xpub", `tcp://127.0.0.1:${xpubPort}`], (lines) =>
      lines.some((line) => line.includes('"listening"')),
    );
    proxy = started.child;
    const publisher = new Publisher({ linger: 0 });
    publisher.connect(`tcp://127.0.0.1:${xsubPort}`);
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        const counts = new Array<number>(CONNECTIONS).fill(0);
        const subscribers: LeanSubscriber[] = [];
        for (let at = 0; at < CONNECTIONS; at += BATCH) {
          const opening = Array.from({ length: Math.min(BATCH, CONNECTIONS - at) }, (_, i) =>
            leanTcpSubscriber("127.0.0.1", xpubPort, topic, () => void counts[at + i]++),
          );
          subscribers.push(...opening);
          const settled = await Promise.allSettled(opening.map((s) => s.subscribed));
          // Subscribed: libzmq greeted it (READY), so it holds the connection.
          const failed = settled.filter((s) => s.status === "rejected").length;
          assert.equal(failed, 0, `round ${round}: ${failed} of the subscribers ${at}..${at + opening.length - 1} were refused`);
        }
        // Subscriptions travel up through the proxy: publish until all heard.
        await eventually(
          `round ${round}: every subscriber receives`,
          async () => {
            await publisher.send([topic, Buffer.from(`round ${round}`)]);
            await sleep(200);
            return counts.every((n) => n > 0);
          },
          120_000,
        );
        for (const s of subscribers) s.close();
        await Promise.all(subscribers.map((s) => s.closed));
        await eventually(`round ${round}: the proxy released every connection`, () => establishedOn(xpubPort) === 0, 60_000);
      }
    } finally {
      publisher.close();
    }
    proxy.kill("SIGTERM");
    await exited(proxy);
    assert.equal(proxy.exitCode, 0, "the proxy ends cleanly");
    proxy = undefined;
  });
});
