// Retakes README's screenshots (docs/dashboard.png, docs/tutorial.png) from
// the demo as `npm start` runs it (its own ports), in Debian's Chromium:
//   node --import tsx docs/screenshots.ts
import { startTestDemo } from "../test/support/demo.ts";
import { launchChromium } from "../test/support/chromium.ts";

const demo = await startTestDemo({ tickerRate: 10_000 });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

  // The dashboard after a few seconds of the 10k msg/s ticker and the weather feed.
  await page.goto(`${demo.url}/#/`);
  await page.waitForFunction(() => document.querySelector(".state")?.textContent === "live", null, { timeout: 30_000 });
  await page.waitForTimeout(6000);
  await page.screenshot({ path: new URL("./dashboard.png", import.meta.url).pathname });

  // Binary Star with the primary stopped mid-run: the client failed over.
  await page.goto(`${demo.url}/#/tutorials/binary-star`);
  await page.waitForSelector("[data-testid=editor] .cm-content");
  await page.click("[data-testid=run]");
  const row = '[data-testid=program][data-program="bstarsrv.ts #1"]';
  await page.waitForFunction(() => document.querySelector("[data-testid=output]")?.textContent?.includes("server replied OK (3)"), null, { timeout: 30_000 });
  await page.click(`${row} [data-testid=program-toggle]`);
  await page.waitForFunction(() => document.querySelector("[data-testid=tutorial-status]")?.textContent === "done", null, { timeout: 60_000 });
  await page.locator("[data-testid=output]").evaluate((output) => (output.scrollTop = output.scrollHeight));
  await page.screenshot({ path: new URL("./tutorial.png", import.meta.url).pathname, fullPage: true });
} finally {
  await browser.close();
  await demo.close();
}
