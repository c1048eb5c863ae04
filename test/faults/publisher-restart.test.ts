// Faults on the far side of the gateway: (1) the publisher process is
// killed and restarted on the same port: subscribers in Node and in a page
// resume by themselves; (2) a TCP peer accepts and then stalls while our
// PUB/PUSH sends flat out: memory stays bounded everywhere (the gateway's
// buffers, the worker's backlog, libzmq's high-water marks). The bounds are
// on bytes, never on time.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { WebSocket } from "ws";
import { configure, Publisher, Push, Subscriber } from "../../dist/index.js";
import { createGateway, type Gateway } from "../../dist/gateway/server.js";
import { launchChromium } from "../support/chromium.ts";
import { fixtures } from "../support/fixtures.ts";
import { faultPeers, type NativePeer } from "../support/native-peer.ts";
import { serveRepo, type StaticServer } from "../support/static-server.ts";
import { freePort, stallServer, type TcpServer } from "../support/tcp.ts";
import { eventually, sleep, text, within } from "../support/util.ts";

const { sockets, peer: startPeer } = fixtures();
let browser: Browser;
let site: StaticServer;
const cleanups: Array<() => Promise<void>> = [];
const MB = 1 << 20;

before(async () => {
  configure({ WebSocket: WebSocket as never }); // Node 20: the `ws` class
  [browser, site] = await Promise.all([launchChromium(), serveRepo({ isolated: true })]);
});
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await browser?.close();
  await site?.close();
});

async function gatewayTo(port: number): Promise<Gateway> {
  const gateway = await createGateway({ port: 0, allow: [`127.0.0.1:${port}`], origins: [site.url], log: false });
  cleanups.push(() => gateway.close());
  return gateway;
}

async function stalled(mode: "silent" | "greet", socketType: string): Promise<TcpServer> {
  const server = await stallServer(mode, socketType);
  cleanups.push(() => server.close());
  return server;
}

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${site.url}/test/e2e/page.html`);
  assert.equal(await page.evaluate(() => (window as never as { pageReady: Promise<string> }).pageReady), "ready");
  cleanups.push(() => page.close());
  return page;
}

/** A native PUB on port publishing "tick" / "<gen> <seq>" every 10 ms. */
async function publisher(port: number, gen: number): Promise<NativePeer> {
  const pub = startPeer("pub-seq", { port, gen, topic: "tick", interval: 0.01, max_seconds: 60 }, faultPeers);
  assert.equal(await pub.endpoint(), `tcp://127.0.0.1:${port}`);
  return pub;
}

async function kill(pub: NativePeer): Promise<void> {
  pub.stop(); // SIGKILL: no goodbye on the wire beyond the kernel's FIN/RST
  await within(pub.exited, 10_000, "publisher exit");
}

const generation = (frames: Uint8Array[]) => Number(text(frames)[1].split(" ")[0]);


describe("publisher killed and restarted on the same port", () => {
  it("a Node Subscriber through the gateway resumes by itself", async () => {
    const port = await freePort();
    const gateway = await gatewayTo(port);
    let pub = await publisher(port, 0);
    const sub = sockets.add(new Subscriber({ receiveTimeout: 20_000 }));
    sub.connect(`tcp://127.0.0.1:${port}`, { gateway: gateway.url });
    sub.subscribe("tick");
    for (let i = 0; i < 5; i++) assert.equal(generation(await within(sub.receive(), 25_000, "gen 0")), 0);

    await kill(pub);
    // The gateway follows the target: the WebSocket closes, libzmq
    // reconnects, the gateway answers 502 until the port is back.
    await eventually("the gateway drops the dead publisher's connection", () => gateway.stats().open === 0);
    pub = await publisher(port, 1);
    let gen = 0;
    for (let i = 0; i < 10_000 && gen === 0; i++) gen = generation(await within(sub.receive(), 25_000, "gen 1"));
    assert.equal(gen, 1, "messages from the restarted publisher");
    for (let i = 0; i < 5; i++) assert.equal(generation(await within(sub.receive(), 25_000, "more gen 1")), 1);
    assert.equal(gateway.stats().open, 1);
  });

  it("a page Subscriber through the gateway resumes by itself", async () => {
    const port = await freePort();
    const gateway = await gatewayTo(port);
    let pub = await publisher(port, 0);
    const page = await openPage();
    await page.evaluate(
      ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        const sub = new zmq.Subscriber();
        sub.connect(endpoint, { gateway });
        sub.subscribe("tick");
        const gens: number[] = [];
        (window as never as { gens: number[] }).gens = gens;
        void (async () => {
          for await (const [, body] of sub) gens.push(Number(body.toString().split(" ")[0]));
        })();
      },
      { gateway: gateway.url, endpoint: `tcp://127.0.0.1:${port}` },
    );
    const gens = () => page.evaluate(() => (window as never as { gens: number[] }).gens);
    await eventually("gen 0 in the page", async () => (await gens()).length >= 5);

    await kill(pub);
    await eventually("the gateway drops the dead publisher's connection", () => gateway.stats().open === 0);
    pub = await publisher(port, 1);
    await eventually("gen 1 in the page", async () => (await gens()).filter((gen) => gen === 1).length >= 5);
    const seen = await gens();
    assert.deepEqual([...new Set(seen)], [0, 1], "generation 0, then generation 1, nothing else");
    assert.equal(seen.indexOf(1), seen.lastIndexOf(0) + 1, "no gen 0 after gen 1");
  });
});

describe("a TCP peer that accepts and then stalls, while we send flat out", () => {
  const size = 2048;
  const payload = new Uint8Array(size).fill(7);

  /** Samples the gateway's buffered bytes in the background. */
  function sampler(gateway: Gateway) {
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, gateway.stats().bufferedBytes)), 20);
    return {
      stop() {
        clearInterval(timer);
        return Math.max(peak, gateway.stats().bufferedBytes);
      },
    };
  }

  for (const via of ["gateway", "direct TCP"] as const) {
    it(`a Node PUB (${via}) drops at its HWM: every send returns, memory stays bounded`, async () => {
      const target = await stalled("greet", "SUB");
      const gateway = via === "gateway" ? await gatewayTo(target.port) : undefined;
      const pub = sockets.add(new Publisher({ sendHighWaterMark: 1000 }));
      pub.connect(`tcp://127.0.0.1:${target.port}`, gateway ? { gateway: gateway.url } : {});
      await eventually("the stalled peer accepted", () => target.sockets.size === 1);
      await sleep(300); // the handshake and the subscription go through
      const peak = gateway ? sampler(gateway) : undefined;
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const count = 200_000; // 400 MB offered
      for (let i = 0; i < count; i++) {
        await pub.send(["x", payload]); // a PUB never waits: at the HWM it drops
        if (i % 2000 === 0) await new Promise((resolve) => setImmediate(resolve)); // let the host loop and sampler run
      }
      const rssGrowth = process.memoryUsage().rss - rssBefore;
      const gatewayPeak = peak?.stop() ?? 0;
      const forwarded = gateway?.metrics.bytesToTarget ?? 0;
      console.log(
        `PUB ${via}: offered ${((count * size) / MB).toFixed(0)} MB, RSS growth ${(rssGrowth / MB).toFixed(1)} MB, ` +
          `gateway buffered peak ${gatewayPeak} B, forwarded to the stalled peer ${(forwarded / MB).toFixed(1)} MB`,
      );
      assert.ok(rssGrowth < 150 * MB, `RSS grew ${rssGrowth} bytes for ${count * size} offered`);
      assert.ok(gatewayPeak < 4 * MB, `gateway buffered ${gatewayPeak} bytes`);
      assert.ok(forwarded < 64 * MB, `gateway forwarded ${forwarded} bytes into a peer that reads nothing`);
      assert.equal(target.sockets.size, 1, "still the one connection: no reconnect storm");
    });

    for (const mode of ["greet", "silent"] as const) {
      it(`a Node PUSH (${via}) to a peer that ${mode === "greet" ? "greets, then reads nothing" : "never reads or writes"} blocks at its HWM (EAGAIN), bounded`, async () => {
        const target = await stalled(mode, "PULL");
        const gateway = via === "gateway" ? await gatewayTo(target.port) : undefined;
        const push = sockets.add(new Push({ sendHighWaterMark: 1000, sendTimeout: 1000 }));
        push.connect(`tcp://127.0.0.1:${target.port}`, gateway ? { gateway: gateway.url } : {});
        await eventually("the stalled peer accepted", () => target.sockets.size === 1);
        const peak = gateway ? sampler(gateway) : undefined;
        let accepted = 0;
        let outcome = "";
        while (!outcome && accepted < 200_000) {
          try {
            await within(push.send(payload), 20_000, "PUSH send");
            accepted++;
            if (accepted % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
          } catch (error) {
            outcome = (error as { code: string }).code;
          }
        }
        const gatewayPeak = peak?.stop() ?? 0;
        const forwarded = gateway?.metrics.bytesToTarget ?? 0;
        console.log(
          `PUSH ${via}, ${mode}: ${accepted} messages (${((accepted * size) / MB).toFixed(1)} MB) taken before EAGAIN; ` +
            `gateway buffered peak ${gatewayPeak} B, forwarded ${(forwarded / MB).toFixed(1)} MB`,
        );
        assert.equal(outcome, "EAGAIN", "the send timed out at the high-water mark");
        // HWM (1000 messages here, plus libzmq's queue on the other end of
        // the pipe) plus what the rings, the gateway and the kernel hold.
        assert.ok(accepted * size < 2 * 1000 * size + 48 * MB, `${accepted} messages taken`);
        assert.ok(gatewayPeak < 4 * MB, `gateway buffered ${gatewayPeak} bytes`);
      });
    }
  }

  it("a page PUSH and a page PUB through the gateway: bounded in the worker and the gateway", async () => {
    const pullTarget = await stalled("greet", "PULL");
    const subTarget = await stalled("greet", "SUB");
    const gateway = await createGateway({
      port: 0,
      allow: [`127.0.0.1:${pullTarget.port}`, `127.0.0.1:${subTarget.port}`],
      origins: [site.url],
      log: false,
    });
    cleanups.push(() => gateway.close());
    const peak = sampler(gateway);
    const page = await openPage();
    const result = await within(
      page.evaluate(
        async ({ gateway, pushTo, pubTo, size }) => {
          const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
          const payload = new Uint8Array(size).fill(7);
          let backlogPeak = 0;
          const push = new zmq.Push({ sendHighWaterMark: 1000, sendTimeout: 1000 });
          push.connect(pushTo, { gateway });
          let pushed = 0;
          let outcome = "";
          while (!outcome && pushed < 100_000) {
            try {
              await push.send(payload);
              if (++pushed % 500 === 0) backlogPeak = Math.max(backlogPeak, (await zmq.stats()).backlogBytes);
            } catch (error) {
              outcome = (error as { code: string }).code;
            }
          }
          const pub = new zmq.Publisher({ sendHighWaterMark: 1000 });
          pub.connect(pubTo, { gateway });
          await new Promise((resolve) => setTimeout(resolve, 300));
          const published = 20_000;
          for (let i = 0; i < published; i++) {
            await pub.send(["x", payload]);
            if (i % 500 === 0) backlogPeak = Math.max(backlogPeak, (await zmq.stats()).backlogBytes);
          }
          push.close();
          pub.close();
          return { pushed, outcome, published, backlogPeak };
        },
        { gateway: gateway.url, pushTo: `tcp://127.0.0.1:${pullTarget.port}`, pubTo: `tcp://127.0.0.1:${subTarget.port}`, size },
      ),
      90_000,
      "page flood",
    );
    const gatewayPeak = peak.stop();
    const forwarded = gateway.metrics.bytesToTarget;
    console.log(
      `page: PUSH took ${result.pushed} messages before ${result.outcome}; PUB sent ${result.published} ` +
        `(${((result.published * size) / MB).toFixed(0)} MB offered); worker backlog peak ${result.backlogPeak} B; ` +
        `gateway buffered peak ${gatewayPeak} B; forwarded ${(forwarded / MB).toFixed(1)} MB`,
    );
    assert.equal(result.outcome, "EAGAIN");
    assert.ok(result.pushed * size < 2 * 1000 * size + 48 * MB, `${result.pushed} messages taken`);
    assert.ok(result.backlogPeak < MB, `worker held ${result.backlogPeak} bytes`);
    assert.ok(gatewayPeak < 4 * MB, `gateway buffered ${gatewayPeak} bytes`);
    assert.ok(forwarded < 96 * MB, `gateway forwarded ${forwarded} bytes into peers that read nothing`);
  });
});
