// Outages on the dashboard, made with the demo control's buttons (npm
// start's startDemo, in Chromium): a stopped feed shows as down, its values
// as stale and the temperature chart as a gap; started again, the page
// recovers by itself without a reload. And Pause stops the drawing only.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { Demo } from "../../web-demo/server/demo.ts";
import { artifacts, startTestDemo } from "../support/demo.ts";
import { launchChromium } from "../support/chromium.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("web demo: dashboard outages and recovery, with the demo control", () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const waitFor = (fn: string, timeout = 20_000) => page.waitForFunction(fn, null, { timeout });
  const health = (feed: string) => page.getAttribute(`[data-testid=feed-${feed}]`, "data-health");
  const received = async () => Number((await page.textContent("[data-testid=messages-received]"))!.replace(/,/g, ""));
  const chartLatest = async () => JSON.parse((await page.getAttribute("[data-testid=chart-temperature]", "data-latest")) ?? "[]") as (number | null)[];

  before(async () => {
    demo = await startTestDemo({ tickerRate: 2000, weatherRate: 200 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${demo.url}/`);
    await waitFor(`document.querySelector("[data-testid=connection-state]")?.textContent === "live"`, 30_000);
    // Gone if the page reloads.
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same page"));
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it("shows the demo control's feed buttons (the control answers under startDemo)", async () => {
    await page.waitForSelector("[data-testid=control-weather]", { timeout: 10_000 });
    assert.equal(await page.textContent("[data-testid=control-weather]"), "Stop weather feed");
    assert.equal(await page.textContent("[data-testid=control-ticker]"), "Stop ticker feed");
    await waitFor(`document.querySelector("[data-testid=feed-weather]")?.dataset.health === "ok"`);
    assert.match((await page.textContent("[data-testid=feed-weather]"))!, /^live, last update \d+\.\d s ago$/);
    assert.ok((await chartLatest()).every((value) => typeof value === "number"), "every city has a point");
  });

  it("weather stopped: the feed shows reconnecting, every city stale, the chart a gap; started: all back, same page", async () => {
    await page.click("[data-testid=control-weather]");
    await waitFor(`document.querySelector("[data-testid=control-weather]")?.textContent === "Start weather feed"`);
    assert.equal(demo.services.state().services.weather.running, false);
    await waitFor(`document.querySelector("[data-testid=feed-weather]")?.dataset.health === "down"`);
    assert.match((await page.textContent("[data-testid=feed-weather]"))!, /^reconnecting, last update/);
    assert.equal(await page.textContent("[data-testid=connection-state]"), "reconnecting");
    await waitFor(`document.querySelectorAll("tbody.weather tr.stale").length === 5`);
    await sleep(1000); // a chart point or two after the values went stale
    assert.deepEqual(await chartLatest(), [null, null, null, null, null], "no line drawn through the outage");
    assert.equal(await health("ticker"), "ok", "the ticker is not affected");
    await page.screenshot({ path: `${artifacts}/dashboard-weather-stopped.png`, fullPage: true });

    await page.click("[data-testid=control-weather]");
    await waitFor(`document.querySelector("[data-testid=feed-weather]")?.dataset.health === "ok"`);
    await waitFor(`document.querySelectorAll("tbody.weather tr.stale").length === 0`);
    await waitFor(`document.querySelector("[data-testid=connection-state]")?.textContent === "live"`);
    await sleep(1000);
    assert.ok((await chartLatest()).every((value) => typeof value === "number"), "the lines continue");
    assert.equal(await page.evaluate(() => (window as unknown as { marker: string }).marker), "same page", "no reload");
  });

  it("ticker stopped: its prices are marked stale; started: a fresh snapshot, live again, same page", async () => {
    await page.click("[data-testid=control-ticker]");
    await waitFor(`document.querySelector("tbody.ticker")?.classList.contains("stale")`);
    assert.equal(await health("ticker"), "down");
    await page.click("[data-testid=control-ticker]");
    await waitFor(`!document.querySelector("tbody.ticker")?.classList.contains("stale")`);
    await waitFor(`document.querySelector("[data-testid=connection-state]")?.textContent === "live"`);
    await waitFor(`/snapshot: 8 symbols/.test(document.querySelector("[data-testid=snapshot-info]")?.textContent)`);
    assert.equal(await page.evaluate(() => (window as unknown as { marker: string }).marker), "same page", "no reload");
  });

  it("Pause stops the drawing while the feeds keep arriving; Resume shows the current data", async () => {
    await page.click("[data-testid=pause]");
    assert.equal(await page.textContent("[data-testid=pause]"), "Resume");
    const frozen = await received();
    const table = await page.textContent("tbody.ticker");
    await sleep(1500);
    assert.equal(await received(), frozen, "the counter is not redrawn");
    assert.equal(await page.textContent("tbody.ticker"), table, "the table is not redrawn");
    await page.click("[data-testid=pause]");
    await sleep(500);
    assert.ok((await received()) > frozen + 1000, "resumed with what arrived meanwhile");
    assert.equal(await page.textContent("[data-testid=pause]"), "Pause");
  });

  it("threw no page errors", () => {
    assert.deepEqual(errors, []);
  });
});
