// The dashboard as a page (npm start's startDemo, in Chromium): routing that
// a quick second click cannot confuse, a layout that fits a phone, and a
// startup failure told as the page's content.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { Demo } from "../../web-demo/server/demo.ts";
import { artifacts, startTestDemo } from "../support/demo.ts";
import { launchChromium } from "../support/chromium.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("web demo: the dashboard page", () => {
  let demo: Demo;
  let browser: Browser;
  const errors: string[] = [];
  const open = async (path: string, viewport = { width: 1280, height: 900 }): Promise<Page> => {
    const page = await browser.newPage({ viewport });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${demo.url}${path}`);
    await page.waitForFunction(() => document.querySelector("[data-testid=status]")?.textContent?.startsWith("libzmq"), null, { timeout: 30_000 });
    return page;
  };

  before(async () => {
    demo = await startTestDemo({ tickerRate: 2000, weatherRate: 200 });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it("a tutorial, then the dashboard a few ms later: the dashboard shows, the tutorial is gone, no errors", async () => {
    const page = await open("/#/tutorials");
    errors.length = 0;
    await page.evaluate(() => {
      location.hash = "#/tutorials/hello-world";
      setTimeout(() => (location.hash = "#/"), 5);
    });
    await page.waitForSelector("[data-testid=connection-state]");
    await sleep(3000); // long enough for the tutorial's module to have loaded
    assert.equal(await page.evaluate(() => location.hash), "#/");
    assert.equal(await page.locator("[data-testid=run]").count(), 0, "no tutorial mounted");
    assert.equal(await page.locator("[data-testid=connection-state]").count(), 1, "the dashboard is mounted");
    assert.equal(await page.textContent("[data-testid=connection-state]"), "live");
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("the dashboard, then two tutorials a few ms apart: the second shows, alone, no errors", async () => {
    const page = await open("/#/");
    await page.waitForFunction(() => document.querySelector("[data-testid=connection-state]")?.textContent === "live", null, { timeout: 30_000 });
    errors.length = 0;
    await page.evaluate(() => {
      location.hash = "#/tutorials/hello-world";
      setTimeout(() => (location.hash = "#/tutorials/request-reply-broker"), 5);
    });
    await page.waitForSelector("[data-testid=run]");
    await sleep(2000);
    assert.equal(await page.evaluate(() => location.hash), "#/tutorials/request-reply-broker");
    assert.match((await page.textContent("main"))!, /broker/i);
    assert.equal(await page.locator("[data-testid=run]").count(), 1, "one tutorial mounted");
    assert.equal(await page.locator("[data-testid=connection-state]").count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const viewport of [
    { width: 360, height: 740 },
    { width: 390, height: 844 },
  ]) {
    it(`fits a ${viewport.width} px wide phone: no horizontal scrolling, no clipped column`, async () => {
      const page = await open("/#/", viewport);
      await page.waitForFunction(() => document.querySelector("[data-testid=connection-state]")?.textContent === "live", null, { timeout: 30_000 });
      await sleep(1500); // charts drawn
      const layout = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        view: window.innerWidth,
        overflowing: Array.from(document.querySelectorAll<HTMLElement>("main table, main canvas, main .card"))
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 || el.scrollWidth > el.clientWidth + 1)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}: right ${Math.round(el.getBoundingClientRect().right)}, ${el.scrollWidth}/${el.clientWidth}`),
      }));
      await page.screenshot({ path: `${artifacts}/dashboard-${viewport.width}px.png`, fullPage: true });
      assert.ok(layout.page <= layout.view, `the page is ${layout.page} px wide in a ${layout.view} px window`);
      assert.deepEqual(layout.overflowing, []);
      // Every column's header is on screen.
      const headers = await page.$$eval("main th", (cells) => cells.map((th) => th.getBoundingClientRect().right <= window.innerWidth));
      assert.ok(headers.length >= 9 && headers.every(Boolean));
      await page.close();
    });
  }

  it("when libzmq cannot load, the page says so as its content, with what to do", async () => {
    const page = await browser.newPage();
    await page.route(/\.wasm(\?|$)/, (route) => route.abort());
    await page.goto(`${demo.url}/#/`);
    const error = page.locator("#app [data-testid=startup-error]");
    await error.waitFor({ timeout: 30_000 });
    assert.match((await error.textContent())!, /libzmq could not start in this page/);
    assert.match((await error.textContent())!, /zmq\.wasm/);
    assert.ok((await error.boundingBox())!.height > 100, "shown as the page's content, not a line in the header");
    await page.screenshot({ path: `${artifacts}/dashboard-startup-error.png`, fullPage: true });
    await page.close();
  });
});
