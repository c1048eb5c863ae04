// A web page as a ZeroMQ peer, in Debian's Chromium: the page's sockets
// live in the Worker host and reach native libzmq peers through the gateway.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createGateway, type Gateway } from "../../dist/gateway/server.js";
import { launchChromium } from "../support/chromium.ts";
import { fixtures } from "../support/fixtures.ts";
import { serveRepo, type StaticServer } from "../support/static-server.ts";
import { recordingRelay } from "../support/tcp.ts";

const { peer: startPeer } = fixtures();
let browser: Browser;
let site: StaticServer;
let plainSite: StaticServer;
const gateways: Gateway[] = [];

before(async () => {
  [browser, site, plainSite] = await Promise.all([launchChromium(), serveRepo({ isolated: true }), serveRepo({ isolated: false })]);
});
after(async () => {
  for (const gateway of gateways) await gateway.close();
  await browser?.close();
  await site?.close();
  await plainSite?.close();
});

async function gatewayFor(...endpoints: string[]): Promise<string> {
  const gateway = await createGateway({
    port: 0,
    allow: endpoints.map((endpoint) => endpoint.replace("tcp://", "")),
    origins: [site.url],
    log: false,
  });
  gateways.push(gateway);
  return gateway.url;
}

async function openPage(base = site.url): Promise<Page> {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${base}/test/e2e/page.html`);
  return page;
}

describe("a page as a ZeroMQ peer (Chromium)", () => {
  it("runs an inproc request/reply entirely inside the worker", async () => {
    const page = await openPage();
    const reply = await page.evaluate(async () => {
      const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
      const rep = new zmq.Reply();
      await rep.bind("inproc://hello");
      const req = new zmq.Request();
      req.connect("inproc://hello");
      await req.send("Hello");
      const [request] = await rep.receive();
      await rep.send(`${request.toString()}, World`);
      const [answer] = await req.receive();
      rep.close();
      req.close();
      return answer.toString();
    });
    assert.equal(reply, "Hello, World");
    await page.close();
  });

  it("subscribes to a native publisher through the gateway, with prefix filtering", async () => {
    const pub = startPeer("pub", { topics: ["weather.10001", "weather.94105", "sports"], rounds: 1000 });
    const endpoint = await pub.endpoint();
    const gateway = await gatewayFor(endpoint);
    const page = await openPage();
    assert.equal(await page.evaluate(() => (window as never as { pageReady: Promise<string> }).pageReady), "ready");
    const topics = await page.evaluate(
      async ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        zmq.configure({ gateway });
        const sub = new zmq.Subscriber();
        sub.connect(endpoint);
        sub.subscribe("weather.1");
        const seen: string[] = [];
        for (let i = 0; i < 30; i++) {
          const [topic, body] = await sub.receive();
          if (!body.toString().startsWith(topic.toString())) throw new Error("torn message");
          seen.push(topic.toString());
        }
        sub.close();
        return [...new Set(seen)];
      },
      { gateway, endpoint },
    );
    assert.deepEqual(topics, ["weather.10001"]);
    await page.close();
  });

  it("sends requests to a native Reply and gets the replies", async () => {
    const rep = startPeer("rep", { count: 20 });
    const endpoint = await rep.endpoint();
    const gateway = await gatewayFor(endpoint);
    const page = await openPage();
    const replies = await page.evaluate(
      async ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        zmq.configure({ gateway });
        const req = new zmq.Request();
        req.connect(endpoint);
        const out: string[] = [];
        for (let i = 0; i < 20; i++) {
          await req.send([`hello ${i}`, "from the page"]);
          out.push((await req.receive()).map(String).join("|"));
        }
        req.close();
        return out;
      },
      { gateway, endpoint },
    );
    assert.equal(replies.length, 20);
    assert.equal(replies[7], "echo:hello 7|from the page");
    await page.close();
  });

  it("works when the page uses a socket at load, before the worker has loaded libzmq", async () => {
    const rep = startPeer("rep", { count: 1 });
    const endpoint = await rep.endpoint();
    const gateway = await gatewayFor(endpoint);
    const page = await browser.newPage();
    await page.goto(`${site.url}/test/e2e/at-once.html?${new URLSearchParams({ gateway, endpoint })}`);
    assert.equal(await page.evaluate(() => (window as never as { reply: Promise<string> }).reply), "echo:hello at once");
    await page.close();
  });

  it("refuses tcp:// at connect() when no gateway is configured, with a clear error", async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/test/e2e/at-once.html?endpoint=tcp://127.0.0.1:9`);
    const outcome = await page.evaluate(() => (window as never as { reply: Promise<string> }).reply);
    assert.match(outcome, /^error EHOSTUNREACH: .*configure\(\{ gateway/);
    await page.close();
  });

  it("ends a pending receive with the worker's error for an earlier call (libzmq refuses the endpoint)", async () => {
    const page = await openPage();
    const outcome = await page.evaluate(async () => {
      const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
      zmq.configure({ gateway: "ws://127.0.0.1:9" });
      const sub = new zmq.Subscriber();
      sub.connect("tcp://127.0.0.1:*"); // passes the page's check; libzmq says EINVAL
      sub.subscribe();
      return await sub.receive().then(
        () => "received?",
        (error: { code: string }) => error.code,
      );
    });
    assert.equal(outcome, "EINVAL");
    await page.close();
  });

  it("takes a gateway per endpoint: connect(address, { gateway }) without configure()", async () => {
    const rep = startPeer("rep", { count: 1 });
    const endpoint = await rep.endpoint();
    const gateway = await gatewayFor(endpoint);
    const page = await openPage();
    const reply = await page.evaluate(
      async ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        const req = new zmq.Request();
        req.connect(endpoint, { gateway });
        await req.send("per endpoint");
        const [answer] = await req.receive();
        req.close();
        return answer.toString();
      },
      { gateway, endpoint },
    );
    assert.equal(reply, "echo:per endpoint");
    await page.close();
  });

  it("keeps CURVE end to end through the gateway: forwarded bytes hold no plaintext", async () => {
    const server = await startPeer("keypair").next("public");
    const rep = startPeer("rep", { count: 1, curve_server_secret: server.secret, curve_server_public: server.public });
    const { relay, seen } = await recordingRelay(Number((await rep.endpoint()).split(":").pop()));
    const endpoint = `tcp://127.0.0.1:${relay.port}`;
    const gateway = await gatewayFor(endpoint);
    const page = await openPage();
    const reply = await page.evaluate(
      async ({ gateway, endpoint, serverKey }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        zmq.configure({ gateway });
        const keys = await zmq.curveKeyPair();
        const req = new zmq.Request({ curveServerKey: serverKey, curvePublicKey: keys.publicKey, curveSecretKey: keys.secretKey });
        req.connect(endpoint);
        await req.send("a page secret nobody may read");
        const [answer] = await req.receive();
        req.close();
        return answer.toString();
      },
      { gateway, endpoint, serverKey: String(server.public) },
    );
    assert.equal(reply, "echo:a page secret nobody may read");
    const bytes = seen();
    await relay.close();
    assert.equal(bytes.includes(Buffer.from("page secret")), false);
    assert.ok(bytes.includes(Buffer.from("CURVE")));
    await page.close();
  });

  it("keeps memory bounded when the page reads slower than a native publisher floods", async () => {
    const pub = startPeer("pub", { topics: ["flood"], rounds: 3_000_000, interval: 0, size: 2000 });
    const endpoint = await pub.endpoint();
    const gateway = await createGateway({ port: 0, allow: [endpoint.replace("tcp://", "")], origins: [site.url], log: false });
    gateways.push(gateway);
    const page = await openPage();
    let gatewayPeak = 0;
    const sampler = setInterval(() => (gatewayPeak = Math.max(gatewayPeak, gateway.stats().bufferedBytes)), 50);
    const result = await page.evaluate(
      async ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        zmq.configure({ gateway });
        const sub = new zmq.Subscriber({ receiveHighWaterMark: 1000 });
        sub.connect(endpoint);
        sub.subscribe("flood");
        let received = 0;
        let backlogPeak = 0;
        const end = performance.now() + 3000;
        while (performance.now() < end) {
          await sub.receive();
          received++;
          if (received % 50 === 0) {
            backlogPeak = Math.max(backlogPeak, (await zmq.stats()).backlogBytes);
            await new Promise((resolve) => setTimeout(resolve, 20)); // a slow reader
          }
        }
        sub.close();
        return { received, backlogPeak };
      },
      { gateway: gateway.url, endpoint },
    );
    clearInterval(sampler);
    console.log(`slow page: received ${result.received}, worker backlog peak ${result.backlogPeak} B, gateway buffered peak ${gatewayPeak} B`);
    assert.ok(result.received > 100, "the page kept receiving");
    assert.ok(result.backlogPeak < 1 << 20, `worker held ${result.backlogPeak} bytes outside its rings`);
    assert.ok(gatewayPeak < 4 << 20, `gateway buffered ${gatewayPeak} bytes`);
    await page.close();
  });

  it("runs on a page without cross-origin isolation, on libzmq without threads: inproc, and a native publisher through the gateway", async () => {
    const pub = startPeer("pub", { topics: ["weather.10001", "sports"], rounds: 1000 });
    const endpoint = await pub.endpoint();
    const gateway = await createGateway({ port: 0, allow: [endpoint.replace("tcp://", "")], origins: [plainSite.url], log: false });
    gateways.push(gateway);
    const page = await openPage(plainSite.url);
    assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), false);
    assert.equal(await page.evaluate(() => (window as never as { pageReady: Promise<string> }).pageReady), "ready");
    const result = await page.evaluate(
      async ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        const rep = new zmq.Reply();
        await rep.bind("inproc://plain");
        const req = new zmq.Request();
        req.connect("inproc://plain");
        await req.send("Hello");
        const [request] = await rep.receive();
        await rep.send(`${request.toString()}, World`);
        const [reply] = await req.receive();
        zmq.configure({ gateway });
        const sub = new zmq.Subscriber();
        sub.connect(endpoint);
        sub.subscribe("weather.");
        const topics = new Set<string>();
        for (let i = 0; i < 20; i++) topics.add((await sub.receive())[0].toString());
        for (const socket of [rep, req, sub]) socket.close();
        return { reply: reply.toString(), topics: [...topics], shared: typeof SharedArrayBuffer };
      },
      { gateway: gateway.url, endpoint },
    );
    assert.deepEqual(result, { reply: "Hello, World", topics: ["weather.10001"], shared: "undefined" });
    await page.close();
  });
});
