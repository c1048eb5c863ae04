// The web demo as a newcomer meets it (npm start's startDemo, in Chromium):
// every tutorial runs and prints what it should. Screenshots go to
// test-artifacts/ (not committed).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { Demo } from "../../web-demo/server/demo.ts";
import { artifacts, startTestDemo } from "../support/demo.ts";
import { tutorials } from "../../web-demo/tutorials/catalog.ts";
import { launchChromium } from "../support/chromium.ts";


// The demo is served without isolation headers: none is needed.
describe("web demo: Guide tutorials in the page", () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  before(async () => {
    demo = await startTestDemo({ tickerRate: 200 });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(`${demo.url}/#/tutorials`);
    await page.waitForFunction(() => document.querySelector("[data-testid=status]")?.textContent?.startsWith("libzmq"), null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), false);
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it("lists every tutorial", async () => {
    const listed = await page.$$eval(".tutorial-list a", (links) => links.map((a) => a.getAttribute("href")));
    assert.deepEqual(listed, tutorials.map((t) => `#/tutorials/${t.id}`));
  });

  for (const tutorial of tutorials) {
    it(`${tutorial.title}: runs and prints "${tutorial.expect}"`, async () => {
      await page.goto(`${demo.url}/#/tutorials/${tutorial.id}`);
      await page.click("[data-testid=run]");
      await page.waitForFunction(
        () => ["done", "failed", "stopped"].includes(document.querySelector("[data-testid=tutorial-status]")?.textContent ?? ""),
        null,
        { timeout: 30_000 },
      );
      await page.screenshot({ path: `${artifacts}/tutorial-${tutorial.id}.png`, fullPage: true });
      const output = (await page.textContent("[data-testid=output]")) ?? "";
      assert.equal(await page.textContent("[data-testid=tutorial-status]"), "done", output);
      assert.ok(output.includes(tutorial.expect), `expected "${tutorial.expect}" in:\n${output}`);
      // The code shown is the module that ran.
      assert.ok((await page.textContent("pre.code code"))?.includes("export default async function run"));
    });
  }
});
