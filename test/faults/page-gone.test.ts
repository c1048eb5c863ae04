// Faults: the page (and its worker, which owns the WebSockets) goes away
// while it holds several connections through the gateway: closed, crashed,
// reloaded. The gateway must release every TCP connection it held for that
// page, within its close / idle bounds: its open count returns to 0 and the
// target sees its sockets closed.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createGateway, type Gateway, type LogEntry } from "../../dist/gateway/server.js";
import { launchChromium } from "../support/chromium.ts";
import { fixtures } from "../support/fixtures.ts";
import { serveRepo, type StaticServer } from "../support/static-server.ts";
import { recordingRelay } from "../support/tcp.ts";
import { eventually, within } from "../support/util.ts";

const { peer: startPeer } = fixtures();
let browser: Browser;
let site: StaticServer;
const cleanups: Array<() => Promise<void>> = [];
const CONNECTIONS = 4;
/** Short, so a WebSocket left half-open by a dead page is cut soon. */
const IDLE_TIMEOUT_MS = 2000;

before(async () => {
  [browser, site] = await Promise.all([launchChromium(), serveRepo({ isolated: true })]);
});
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await browser?.close();
  await site?.close();
});


/** A native publisher behind a relay (the relay is the "target TCP
 * server" whose sockets we watch), a gateway to it, and a page with
 * CONNECTIONS subscribers through the gateway, all receiving. */
async function pageWithConnections() {
  const pub = startPeer("pub", { topics: ["tick"], rounds: 1_000_000, interval: 0.02 });
  const { relay } = await recordingRelay(Number((await pub.endpoint()).split(":").pop()));
  cleanups.push(() => relay.close());
  const logs: LogEntry[] = [];
  const gateway: Gateway = await createGateway({
    port: 0,
    allow: [`127.0.0.1:${relay.port}`],
    origins: [site.url],
    idleTimeoutMs: IDLE_TIMEOUT_MS,
    log: (entry) => logs.push(entry),
  });
  cleanups.push(() => gateway.close());
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${site.url}/test/e2e/page.html`);
  assert.equal(await page.evaluate(() => (window as never as { pageReady: Promise<string> }).pageReady), "ready");
  const received = await within(
    page.evaluate(
      async ({ gateway, endpoint, n }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        const subs = Array.from({ length: n }, () => new zmq.Subscriber());
        for (const sub of subs) {
          sub.connect(endpoint, { gateway });
          sub.subscribe("tick");
        }
        await Promise.all(subs.map((sub) => sub.receive()));
        // Keep reading, as a live page would.
        for (const sub of subs) void (async () => { for await (const _ of sub); })();
        return n;
      },
      { gateway: gateway.url, endpoint: `tcp://127.0.0.1:${relay.port}`, n: CONNECTIONS },
    ),
    30_000,
    "the page's subscribers receive",
  );
  assert.equal(received, CONNECTIONS);
  assert.equal(gateway.stats().open, CONNECTIONS);
  assert.equal(relay.sockets.size, CONNECTIONS);
  return { gateway, relay, page, logs };
}

/** Waits until the gateway and the target hold nothing for the page. */
async function released(setup: Awaited<ReturnType<typeof pageWithConnections>>, how: string): Promise<void> {
  const { gateway, relay, logs } = setup;
  await eventually(`${how}: the gateway closes every connection`, () => gateway.stats().open === 0);
  await eventually(`${how}: the target sees its sockets closed`, () => relay.sockets.size === 0);
  const reasons = logs.filter((entry) => entry.event === "close").map((entry) => entry.reason);
  console.log(`${how}: released ${reasons.length} connections (${[...new Set(reasons)].join(", ")})`);
  assert.equal(reasons.length, CONNECTIONS);
  assert.equal(gateway.metrics.connectionsOpen, 0);
  assert.equal(gateway.stats().bufferedBytes, 0);
}

describe("the page goes away while it holds connections through the gateway", () => {
  it("page.close(): every connection is released", async () => {
    const setup = await pageWithConnections();
    await setup.page.close();
    await released(setup, "closed");
  });

  it("renderer crash: every connection is released", async () => {
    const setup = await pageWithConnections();
    const crashed = new Promise<void>((resolve) => setup.page.once("crash", () => resolve()));
    // Page.crash over CDP kills the renderer, worker included, with no
    // unload or close handshake from the page.
    const cdp = await setup.page.context().newCDPSession(setup.page);
    void cdp.send("Page.crash").catch(() => {}); // never answers: the target dies
    await within(crashed, 20_000, "the page crashes");
    await released(setup, "crashed");
    await setup.page.close();
  });

  it("reload: the old document's connections are released", async () => {
    const setup = await pageWithConnections();
    await setup.page.reload();
    assert.equal(await setup.page.evaluate(() => (window as never as { pageReady: Promise<string> }).pageReady), "ready");
    await released(setup, "reloaded");
    await setup.page.close();
  });
});
