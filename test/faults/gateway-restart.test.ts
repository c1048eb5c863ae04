// Faults: the gateway is killed and restarted on the same port while
// traffic flows. libzmq reconnects on its own, so subscribers (in Node and in
// a page) resume without help, and a Request user with a receive timeout
// gets a clear EAGAIN while it is down (never a hang), then succeeds with a
// fresh socket once it is back (the Guide's Lazy Pirate).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { WebSocket } from "ws";
import { configure, Request, Subscriber } from "../../dist/index.js";
import { createGateway, type Gateway, type GatewayOptions } from "../../dist/gateway/server.js";
import { launchChromium } from "../support/chromium.ts";
import { fixtures } from "../support/fixtures.ts";
import { serveRepo, type StaticServer } from "../support/static-server.ts";
import { freePort } from "../support/tcp.ts";
import { text, within } from "../support/util.ts";

const { sockets, peer: startPeer } = fixtures();
let browser: Browser;
let site: StaticServer;
const gateways = new Set<Gateway>();

before(async () => {
  // Node 20 has no global WebSocket: give the `ws` one (no runtime-wide gateway).
  configure({ WebSocket: WebSocket as never });
  [browser, site] = await Promise.all([launchChromium(), serveRepo({ isolated: true })]);
});
after(async () => {
  for (const gateway of gateways) await gateway.close();
  await browser?.close();
  await site?.close();
});

/** A gateway on port (0: any) that can be killed and started again there. */
async function restartableGateway(endpoint: string, port = 0) {
  const options: GatewayOptions = { port, allow: [endpoint.replace("tcp://", "")], origins: [site.url], log: false };
  let current = await createGateway(options);
  gateways.add(current);
  const fixedPort = current.port;
  return {
    url: current.url,
    get current() {
      return current;
    },
    async kill() {
      await current.close();
      gateways.delete(current);
    },
    async restart() {
      current = await createGateway({ ...options, port: fixedPort });
      gateways.add(current);
    },
  };
}

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${site.url}/test/e2e/page.html`);
  assert.equal(await page.evaluate(() => (window as never as { pageReady: Promise<string> }).pageReady), "ready");
  return page;
}

/** "<topic> <n>" bodies from peer.py's pub: the round number. */
const round = (frames: Uint8Array[]) => Number(text(frames)[1].split(" ")[1]);

describe("gateway killed and restarted on the same port", () => {
  it("a Node Subscriber through the gateway resumes by itself", async () => {
    const pub = startPeer("pub", { topics: ["tick"], rounds: 100_000, interval: 0.01 });
    const endpoint = await pub.endpoint();
    const gw = await restartableGateway(endpoint);
    const sub = sockets.add(new Subscriber({ receiveTimeout: 20_000 }));
    sub.connect(endpoint, { gateway: gw.url });
    sub.subscribe("tick");
    for (let i = 0; i < 5; i++) await within(sub.receive(), 25_000, "tick before the restart");
    const before = round(await sub.receive());

    await gw.kill();
    // What libzmq had already queued is drained; then nothing comes while
    // the gateway is down: a receive times out.
    sub.receiveTimeout = 500;
    let drained = 0;
    let outcome = "received";
    while (outcome === "received") {
      outcome = await within(
        sub.receive().then(
          () => "received",
          (error: { code: string }) => error.code,
        ),
        10_000,
        "receive while the gateway is down",
      );
      assert.ok(++drained < 10_000, "messages kept arriving with the gateway down");
    }
    assert.equal(outcome, "EAGAIN", "no messages while the gateway is down");
    assert.equal(gw.current.stats().open, 0);

    await gw.restart();
    sub.receiveTimeout = 20_000;
    const after = round(await within(sub.receive(), 25_000, "tick after the restart"));
    assert.ok(after > before, `resumed with a later round (${before} -> ${after})`);
    for (let i = 0; i < 5; i++) await within(sub.receive(), 25_000, "more ticks after the restart");
    assert.equal(gw.current.stats().open, 1, "one new WebSocket, opened by libzmq's reconnect");
  });

  it("a page Subscriber in Chromium resumes by itself", async () => {
    const pub = startPeer("pub", { topics: ["tick"], rounds: 100_000, interval: 0.01 });
    const endpoint = await pub.endpoint();
    const gw = await restartableGateway(endpoint);
    const page = await openPage();
    try {
      await page.evaluate(
        async ({ gateway, endpoint }) => {
          const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
          const sub = new zmq.Subscriber();
          sub.connect(endpoint, { gateway });
          sub.subscribe("tick");
          const rounds: number[] = [];
          (window as never as { rounds: number[] }).rounds = rounds;
          void (async () => {
            for await (const [, body] of sub) rounds.push(Number(body.toString().split(" ")[1]));
          })();
        },
        { gateway: gw.url, endpoint },
      );
      const seen = () => page.evaluate(() => (window as never as { rounds: number[] }).rounds.slice(-1)[0] ?? -1);
      const count = () => page.evaluate(() => (window as never as { rounds: number[] }).rounds.length);
      const waitFor = async (what: string, check: () => Promise<boolean>) => {
        await within(
          (async () => {
            while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 100));
          })(),
          30_000,
          what,
        );
      };
      await waitFor("ticks before the restart", async () => (await count()) >= 5);

      await gw.kill();
      // Wait until the page stops getting messages (its queue is drained).
      let last = await count();
      await waitFor("the page goes quiet", async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const now = await count();
        const quiet = now === last;
        last = now;
        return quiet;
      });
      const before = await seen();

      await gw.restart();
      await waitFor("ticks after the restart", async () => (await count()) >= last + 5);
      const after = await seen();
      assert.ok(after > before, `resumed with a later round (${before} -> ${after})`);
      assert.equal(gw.current.stats().open, 1, "the page's worker reconnected through the new gateway");
    } finally {
      await page.close();
    }
  });

  it("a Request with receiveTimeout gets EAGAIN while the gateway is down, and a fresh socket succeeds once it is back", async () => {
    const rep = startPeer("rep", { count: 3, timeout_ms: 60_000 });
    const endpoint = await rep.endpoint();
    const gw = await restartableGateway(endpoint);
    // Lazy Pirate: one attempt = a fresh socket, a send, a bounded receive.
    const attempt = async (body: string) => {
      const req = sockets.add(new Request({ receiveTimeout: 1500, linger: 0 }));
      req.connect(endpoint, { gateway: gw.url });
      try {
        await req.send(body);
        return text(await req.receive())[0];
      } catch (error) {
        return `error ${(error as { code: string }).code}: ${(error as Error).message}`;
      } finally {
        req.close();
      }
    };
    assert.equal(await within(attempt("up"), 20_000, "request with the gateway up"), "echo:up");

    await gw.kill();
    const down = await within(attempt("down"), 20_000, "request with the gateway down");
    assert.match(down, /^error EAGAIN: .*timed out/, "a clear timeout, not a hang");

    await gw.restart();
    // libzmq's first connect may land before the listener is back: retry, as
    // Lazy Pirate does, with a bounded number of attempts.
    let reply = "";
    let tries = 0;
    while (tries < 10 && !reply.startsWith("echo:")) reply = await within(attempt(`retry ${tries++}`), 20_000, "retry");
    console.log(`Lazy Pirate: down -> ${JSON.stringify(down)}; back after ${tries} attempt(s) -> ${JSON.stringify(reply)}`);
    assert.match(reply, /^echo:retry \d$/);
  });
});
