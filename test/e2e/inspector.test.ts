// The in-page inspector (zeromq-wasm/inspector) in Debian's Chromium: the
// shortcut opens it; it shows a page Subscriber connect through the
// gateway to a native publisher, the feed's rate, and a reconnect after the
// publisher restarts, while the page's own for-await over sub.events still
// sees every event. Its parts in Node: test/inspector.test.ts.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import * as native from "zeromq";
import { createGateway, type Gateway } from "../../dist/gateway/server.js";
import { launchChromium } from "../support/chromium.ts";
import { serveRepo, type StaticServer } from "../support/static-server.ts";
import { freePort } from "../support/tcp.ts";
import { eventually } from "../support/util.ts";

let browser: Browser;
let site: StaticServer;
let gateway: Gateway;
let port: number;

before(async () => {
  port = await freePort();
  [browser, site] = await Promise.all([launchChromium(), serveRepo({ isolated: true })]);
  gateway = await createGateway({ port: 0, allow: [`127.0.0.1:${port}`], origins: [site.url], log: false });
});
after(async () => {
  await gateway?.close();
  await browser?.close();
  await site?.close();
});

/** A native PUB on the port sending "tick" every 10 ms until stopped. */
async function publisher(): Promise<{ stop(): Promise<void> }> {
  const pub = new native.Publisher({ linger: 0 });
  await pub.bind(`tcp://127.0.0.1:${port}`);
  let running = true;
  const sending = (async () => {
    while (running) {
      await pub.send(["tick", "x".repeat(64)]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await sending;
      pub.close();
    },
  };
}

/** The panel's row for the page's Subscriber, as its data attributes say. */
function subscriberRow(page: Page) {
  return page.evaluate(() => {
    const row = document.querySelector("zmq-inspector")?.shadowRoot?.querySelector<HTMLElement>('tr[data-type="Subscriber"]');
    const endpoint = row?.querySelector<HTMLElement>("[data-state]");
    return row && endpoint ? { state: endpoint.dataset.state!, reconnects: Number(row.dataset.reconnects), messagesIn: Number(row.dataset.msgsIn) } : undefined;
  });
}

describe("the in-page inspector (Chromium)", () => {
  it("opens on its shortcut and shows a connect, a feed's rate and a reconnect after the publisher restarts", async () => {
    const page = await browser.newPage();
    page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
    await page.goto(`${site.url}/test/e2e/inspector.html`);
    assert.equal(await page.evaluate(() => (window as never as { pageReady: Promise<string> }).pageReady), "ready");
    const panelOpen = () => page.evaluate(() => document.querySelector("zmq-inspector") !== null);
    assert.equal(await panelOpen(), false);
    await page.keyboard.press("Control+Shift+Z");
    assert.equal(await panelOpen(), true);

    let pub = await publisher();
    await page.evaluate(
      ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        const sub = new zmq.Subscriber();
        // The page's own reader of its socket's events, beside the panel's tap.
        const events: string[] = [];
        (window as never as { events: string[] }).events = events;
        void (async () => {
          for await (const event of sub.events) events.push(event.type);
        })();
        sub.connect(endpoint, { gateway });
        sub.subscribe("tick");
        void (async () => {
          for await (const _ of sub) void _;
        })();
      },
      { gateway: gateway.url, endpoint: `tcp://127.0.0.1:${port}` },
    );
    await eventually("the panel shows the subscriber connected", async () => (await subscriberRow(page))?.state === "connected", 15_000);
    await eventually("the panel shows the feed's rate", async () => ((await subscriberRow(page))?.messagesIn ?? 0) > 10, 15_000);

    await pub.stop();
    await eventually("the panel shows the connection lost", async () => (await subscriberRow(page))?.state !== "connected", 15_000);
    pub = await publisher();
    await eventually(
      "the panel shows the reconnect",
      async () => {
        const row = await subscriberRow(page);
        return row?.state === "connected" && row.reconnects >= 1;
      },
      15_000,
    );
    await eventually("the feed's rate again", async () => ((await subscriberRow(page))?.messagesIn ?? 0) > 10, 15_000);
    await pub.stop();

    // The page's for-await saw both connects: the tap took none of its events.
    const events = await page.evaluate(() => (window as never as { events: string[] }).events);
    assert.ok(events.filter((type) => type === "connect").length >= 2, events.join());
    assert.ok(events.includes("disconnect"), events.join());

    await page.keyboard.press("Control+Shift+Z");
    assert.equal(await panelOpen(), false);
    await page.close();
  });
});
