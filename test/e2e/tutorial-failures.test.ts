// Failures a reader causes on purpose in the page (Chromium, the demo on
// its own ports): Binary Star's primary stopped mid-run, the client fails
// over and every request is answered; Lazy Pirate against a flaky server
// set to drop every request (the client abandons), a crashed and restarted
// server (the client retries and recovers), and Stop while it retries
// (nothing more printed, no "abandoning").
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { openTutorial, output, runOutcome, useTutorialPages } from "../support/tutorial-page.ts";

const row = (name: string) => `[data-testid=program][data-program="${name}"]`;
const flaky = "[data-testid=service][data-service=flaky]";

async function outputIncludes(page: Page, text: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction((wanted) => document.querySelector("[data-testid=output]")?.textContent?.includes(wanted), text, { timeout });
}

describe("tutorial page: failures the reader causes", () => {
  const pages = useTutorialPages();
  let page: Page;
  beforeEach(() => ({ page } = pages));
  const control = (path: string) => fetch(`${pages.demo.url}/demo/control${path}`, { method: "POST" });
  afterEach(async () => {
    await control("/flaky/failure-rate?value=0");
    await control("/flaky/start");
  });

  it("Binary Star: stopping the primary mid-run makes the client fail over to the backup, which answers the rest", async () => {
    await openTutorial(page, `${pages.demo.url}/#/tutorials/binary-star`);
    await page.click("[data-testid=run]");
    await outputIncludes(page, "bstarcli.ts: I: server replied OK (3)");
    await page.click(`${row("bstarsrv.ts #1")} [data-testid=program-toggle]`);
    await page.waitForSelector(`${row("bstarsrv.ts #1")} [data-testid=program-state]:text("stopped")`);
    assert.equal(await runOutcome(page), "done");
    const shown = await output(page);
    assert.match(shown, /bstarcli\.ts: W: no response from server, failing over/);
    assert.match(shown, /bstarsrv\.ts #2: I: failover successful, ready active/);
    for (let sequence = 1; sequence <= 15; sequence++) assert.ok(shown.includes(`bstarcli.ts: I: server replied OK (${sequence})`), shown);
  });

  it("Lazy Pirate: with the server's failure rate at 1 (the page's picker), the client retries and abandons", async () => {
    await openTutorial(page, `${pages.demo.url}/#/tutorials/lazy-pirate`);
    await page.waitForSelector(`${flaky} [data-testid=failure-rate]`);
    await page.selectOption(`${flaky} [data-testid=failure-rate]`, "1");
    await page.waitForFunction(async () => (await (await fetch("/demo/control")).json()).services.flaky.failureRate === 1);
    await page.click("[data-testid=run]");
    assert.equal(await runOutcome(page, 40_000), "done");
    const shown = await output(page);
    assert.match(shown, /W: no response from server, retrying/);
    assert.match(shown, /E: server seems to be offline, abandoning/);
  });

  it("Lazy Pirate: the server crashed with its Stop button and started again; the client retries on a new socket and gets its answers", async () => {
    await openTutorial(page, `${pages.demo.url}/#/tutorials/lazy-pirate`);
    await page.click(`${flaky} [data-testid=service-toggle]`);
    await page.waitForSelector(`${flaky} [data-testid=service-state]:text("stopped")`);
    await page.click("[data-testid=run]");
    await outputIncludes(page, "W: no response from server, retrying");
    await page.click(`${flaky} [data-testid=service-toggle]`);
    await page.waitForSelector(`${flaky} [data-testid=service-state]:text("running")`);
    assert.equal(await runOutcome(page, 40_000), "done");
    const shown = await output(page);
    assert.match(shown, /I: server replied OK \(1\)/);
    assert.match(shown, /I: 6 of 6 requests answered/);
  });

  it("Lazy Pirate: Stop while the client waits for a dead server prints nothing more, and no 'abandoning'", async () => {
    await openTutorial(page, `${pages.demo.url}/#/tutorials/lazy-pirate`);
    await page.click(`${flaky} [data-testid=service-toggle]`);
    await page.waitForSelector(`${flaky} [data-testid=service-state]:text("stopped")`);
    await page.click("[data-testid=run]");
    await outputIncludes(page, "I: connecting to server…");
    await page.click("[data-testid=stop]");
    assert.equal(await runOutcome(page), "stopped");
    const atStop = await output(page);
    // Longer than the client's timeout and retries: it would have abandoned.
    await page.waitForTimeout(3500);
    const later = await output(page);
    assert.doesNotMatch(later, /lpclient\.ts: (W|E):/);
    assert.equal(later, atStop);
  });
});
