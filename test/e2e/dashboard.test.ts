// The live dashboard in Chromium against npm start's demo (startDemo): it
// receives live data, per-city filters change what arrives, and it recovers
// by itself when the publishers go away and come back. Screenshots go to
// test-artifacts/ (not committed).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { Demo } from "../../web-demo/server/demo.ts";
import { artifacts, startTestDemo } from "../support/demo.ts";
import { launchChromium } from "../support/chromium.ts";



const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("web demo: live dashboard", () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  const received = async () => Number((await page.textContent("[data-testid=messages-received]"))!.replace(/,/g, ""));
  const count = async (zip: string) => Number(await page.textContent(`[data-testid=weather-count-${zip}]`));
  const state = () => page.textContent("[data-testid=connection-state]");
  const waitForState = (want: string, timeout = 20_000) =>
    page.waitForFunction((want) => document.querySelector("[data-testid=connection-state]")?.textContent === want, want, { timeout });

  before(async () => {
    demo = await startTestDemo({ tickerRate: 10_000, weatherRate: 200 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(`${demo.url}/`);
    await waitForState("live", 30_000);
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it("receives live data at 10k msg/s: the counter rises and the Clone snapshot fills the ticker", async () => {
    const first = await received();
    await sleep(2000);
    const second = await received();
    assert.ok(second > first + 5000, `counter went from ${first} to ${second} in 2 s`);
    assert.match((await page.textContent("[data-testid=snapshot-info]"))!, /snapshot: 8 symbols at sequence \d+/);
    assert.equal(await page.locator(".ticker tr").count(), 8);
    assert.doesNotMatch((await page.textContent(".ticker"))!, /–/, "every symbol has a price");
    await page.screenshot({ path: `${artifacts}/dashboard.png`, fullPage: true });
  });

  it("Ctrl+Shift+Z opens the socket inspector: the feeds' subscribers, connected, the ticker's rate; the page stays live", async () => {
    await page.keyboard.press("Control+Shift+Z");
    const rows = () =>
      page.evaluate(() =>
        Array.from(document.querySelector("zmq-inspector")?.shadowRoot?.querySelectorAll<HTMLElement>("tr[data-socket]") ?? [], (row) => ({
          type: row.dataset.type,
          messagesIn: Number(row.dataset.msgsIn),
          states: Array.from(row.querySelectorAll<HTMLElement>("[data-state]"), (endpoint) => endpoint.dataset.state),
        })),
      );
    await page.waitForFunction(
      () =>
        Array.from(document.querySelector("zmq-inspector")?.shadowRoot?.querySelectorAll<HTMLElement>("tr[data-socket]") ?? []).some(
          (row) => Number(row.dataset.msgsIn) > 1000,
        ),
      null,
      { timeout: 10_000 },
    );
    const seen = await rows();
    // The dashboard reads these sockets' events: the panel starts from the latest.
    const subscribers = seen.filter((row) => row.type === "Subscriber");
    assert.ok(subscribers.length >= 2 && subscribers.every((row) => row.states.every((state) => state === "connected")), JSON.stringify(seen));
    await page.screenshot({ path: `${artifacts}/dashboard-inspector.png`, fullPage: true });
    assert.equal(await state(), "live", "the page's own socket.events readers are untouched");
    await page.keyboard.press("Control+Shift+Z");
    assert.equal(await page.locator("zmq-inspector").count(), 0);
  });

  it("a city toggle changes which topics arrive (prefix filter)", async () => {
    await page.uncheck("[data-testid=toggle-10001]");
    await sleep(1000); // in-flight updates arrive, then the filter holds
    const off = await count("10001");
    const other = await count("60601");
    await sleep(2000);
    assert.equal(await count("10001"), off, "no New York updates while unsubscribed");
    assert.ok((await count("60601")) > other, "Chicago updates keep arriving");
    await page.check("[data-testid=toggle-10001]");
    await page.waitForFunction((off) => Number(document.querySelector("[data-testid=weather-count-10001]")?.textContent) > off, off, {
      timeout: 10_000,
    });
  });

  it("shows reconnecting while the publishers are down and recovers by itself, without a reload", async () => {
    await demo.services.stop();
    await waitForState("reconnecting");
    await page.screenshot({ path: `${artifacts}/dashboard-reconnecting.png`, fullPage: true });
    await sleep(1000);
    await demo.services.start();
    await waitForState("live");
    const before = await received();
    await sleep(1500);
    assert.ok((await received()) > before, "messages flow again");
    // The restarted ticker has a new epoch: the page took a fresh snapshot.
    await page.waitForFunction(() => /snapshot: 8 symbols/.test(document.querySelector("[data-testid=snapshot-info]")?.textContent ?? ""), null, {
      timeout: 10_000,
    });
    assert.equal(await state(), "live");
  });
});

// The state comes from the feed sockets' events (socket.events), not from
// traffic: quiet feeds that are connected are live, and a disconnect shows
// at once, messages or not.
describe("web demo: connection state from socket events, with quiet feeds", () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  const waitForState = (want: string) =>
    page.waitForFunction((want) => document.querySelector("[data-testid=connection-state]")?.textContent === want, want, { timeout: 30_000 });

  before(async () => {
    demo = await startTestDemo({ tickerRate: 0, weatherRate: 0 });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(`${demo.url}/`);
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it("is live once the feeds have handshaken, reconnecting while the publishers are down, live again after", async () => {
    await waitForState("live");
    assert.equal(await page.textContent("[data-testid=messages-received]"), "0", "no message has arrived");
    await demo.services.stop();
    await waitForState("reconnecting");
    await demo.services.start();
    await waitForState("live");
    assert.equal(await page.textContent("[data-testid=messages-received]"), "0");
  });
});
