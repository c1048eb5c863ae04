// zeromq-wasm/testing against a real page: a team's page (page/index.html,
// zeromq-wasm/browser with no bundler) served by the kit, reaching the kit's
// scripted native peers through the kit's gateway, in Debian's Chromium.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { CRASH, startPublisher, startReply, startSite, type ScriptedPeer, type Site } from "zeromq-wasm/testing";
import { launchChromium } from "../support/chromium.ts";

const pages = fileURLToPath(new URL("./page/", import.meta.url));
let browser: Browser;
before(async () => (browser = await launchChromium()));
after(() => browser?.close());

/** Runs body with a site allowing the peers, closing everything after. */
async function withSite(peers: ScriptedPeer[], body: (site: Site) => Promise<void>): Promise<void> {
  const site = await startSite({ pages, allow: peers });
  try {
    await body(site);
  } finally {
    await site.close();
    for (const peer of peers) await peer.close();
  }
}

async function openPage(site: Site, query: Record<string, string>): Promise<Page> {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
  await page.goto(site.pageUrl("/", { gateway: site.gatewayUrl, ...query }));
  return page;
}

const feedItems = (page: Page) => page.locator("#feed li").allTextContents();

describe("zeromq-wasm/testing", () => {
  it("serves the page isolated, plays a PUB's messages once it subscribed, and answers its requests from a function", async () => {
    const pub = await startPublisher({ messages: [["weather", "21"], ["weather", "22"], ["sports", "3-1"], ["weather", "23"]] });
    const rep = await startReply({ answer: ([question], index) => `answer ${index} to ${question}` });
    await withSite([pub, rep], async (site) => {
      assert.match(site.url, /^http:\/\/localhost:\d+$/);
      const page = await openPage(site, { feed: pub.endpoint, service: rep.endpoint, topic: "weather" });
      // Seen from the test: both page sockets completed a ZMTP handshake
      // with their peer, through two gateway connections.
      await pub.waitForHandshake();
      await rep.waitForHandshake();
      await site.waitForConnections(2);
      assert.equal(await page.evaluate(() => (window as never as { isolated: boolean }).isolated), true);
      await pub.played;
      await page.locator("#feed li").nth(2).waitFor();
      assert.deepEqual(await feedItems(page), ["weather 21", "weather 22", "weather 23"]);
      assert.deepEqual(pub.subscriptions, ["weather"]);
      await page.click("#ask");
      await page.locator("#answer", { hasText: "answer 0 to question 1" }).waitFor();
      await page.click("#ask");
      await page.locator("#answer", { hasText: "answer 1 to question 2" }).waitFor();
      assert.deepEqual(rep.requests.map(String), ["question 1", "question 2"]);
      await page.close();
      await site.waitForConnections(0, { exactly: true });
      await pub.waitForDisconnect();
    });
  });

  it("crashes a PUB on its cue and restarts it: the page reconnects by itself and gets the rest", async () => {
    const pub = await startPublisher({ messages: ["a", "b", CRASH, "c", "d"], restartAfterMs: 300 });
    const rep = await startReply({ answer: () => "unused" });
    await withSite([pub, rep], async (site) => {
      const page = await openPage(site, { feed: pub.endpoint, service: rep.endpoint });
      await page.locator("#feed li").nth(1).waitFor();
      await pub.waitForDisconnect();
      await pub.waitForHandshake(2);
      await pub.played;
      await page.locator("#feed li").nth(3).waitFor();
      assert.deepEqual(await feedItems(page), ["a", "b", "c", "d"]);
      assert.equal(await page.locator("#state").textContent(), "live");
      await page.close();
    });
  });

  it("crashes a REP when the test says, and paces and loops a PUB", async () => {
    const pub = await startPublisher({ messages: ["tick"], intervalMs: 20, loop: true });
    const rep = await startReply({ answer: ([question]) => (String(question) === "question 2" ? CRASH : "fine") });
    await withSite([pub, rep], async (site) => {
      const page = await openPage(site, { feed: pub.endpoint, service: rep.endpoint });
      await page.locator("#feed li").nth(4).waitFor();
      assert.ok(pub.sent >= 5);
      await page.click("#ask");
      await page.locator("#answer", { hasText: "fine" }).waitFor();
      // The second question crashes the REP (its options say no restart):
      // the page's REQ loses its connection, and the REP stays down.
      await page.click("#ask");
      await rep.waitForDisconnect();
      assert.equal(rep.up, false);
      await pub.crash();
      assert.equal(pub.up, false);
      await site.waitForConnections(0, { exactly: true });
      await page.locator("#state", { hasText: "reconnecting" }).waitFor();
      await pub.restart();
      await pub.waitForHandshake(2);
      await page.close();
    });
  });

  it("reports a script's failure at close(), and a wait's timeout with what it saw", async () => {
    const rep = await startReply({
      answer: () => {
        throw new Error("the answer function broke");
      },
    });
    const { Request } = await import("zeromq-wasm");
    const req = new Request({ linger: 0 });
    req.connect(rep.endpoint);
    await req.send("hello");
    await rep.waitForHandshake();
    await assert.rejects(rep.waitForHandshake(2, { timeoutMs: 50 }), /timed out after 50 ms waiting for 2 handshake\(s\) with tcp:\/\/127\.0\.0\.1:\d+ \(seen: \{"accepted":1,"handshakes":1,"disconnects":0\}\)/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.close();
    await assert.rejects(rep.close(), /the answer function broke/);
  });
});
