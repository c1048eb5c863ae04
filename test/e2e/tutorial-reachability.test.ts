// A gateway tutorial when what it talks to is not there: the page says
// which tcp:// endpoint it could not reach, through which gateway, and how
// to start it, instead of hanging or printing libzmq's bare errno text.
// With the demo server's control (/demo/control), the page stops and starts
// the service itself. No console errors but the browser's own reports of
// the refused WebSocket when the gateway is down.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { Page } from "playwright-core";
import type { PageConfig } from "../../web-demo/demo-config.ts";
import type { Demo } from "../../web-demo/server/demo.ts";
import { editorText, openTutorial, output, runOutcome, setEditorText, useTutorialPages } from "../support/tutorial-page.ts";

describe("tutorial page: an unreachable demo service or gateway", () => {
  const pages = useTutorialPages();
  let page: Page;
  let demo: Demo;
  let config: PageConfig;
  let gateway: string;
  beforeEach(() => {
    ({ page, demo, config } = pages);
    gateway = `ws://localhost:${config.gatewayPort}`;
  });

  /** Runs hello world and waits for the page's help line. */
  async function runUntilHelp(): Promise<string> {
    await openTutorial(page, `${demo.url}/#/tutorials/hello-world`);
    await page.click("[data-testid=run]");
    await page.waitForFunction(() => document.querySelector("[data-testid=output]")?.textContent?.includes("Cannot reach"), null, { timeout: 15_000 });
    const shown = await output(page);
    await page.click("[data-testid=stop]");
    assert.equal(await runOutcome(page), "stopped");
    return shown;
  }

  it("the hello service stopped and started from the page (the demo control)", async (t) => {
    const control = await fetch(`${demo.url}/demo/control`);
    if (!control.headers.get("content-type")?.includes("json")) return t.skip("this demo server has no /demo/control");
    await openTutorial(page, `${demo.url}/#/tutorials/hello-world`);
    const hello = "[data-testid=service][data-service=hello]";
    await page.waitForSelector(`${hello} [data-testid=service-state]:text("running")`);
    await page.click(`${hello} [data-testid=service-toggle]`);
    await page.waitForSelector(`${hello} [data-testid=service-state]:text("stopped")`);
    await page.click("[data-testid=run]");
    await page.waitForFunction(() => document.querySelector("[data-testid=output]")?.textContent?.includes("Cannot reach"), null, { timeout: 15_000 });
    assert.match(await output(page), /Start button/);
    await page.click("[data-testid=stop]");
    assert.equal(await runOutcome(page), "stopped");
    await page.click(`${hello} [data-testid=service-toggle]`);
    await page.waitForSelector(`${hello} [data-testid=service-state]:text("running")`);
    await page.click("[data-testid=run]");
    assert.equal(await runOutcome(page), "done");
    assert.match(await output(page), /Received World 9/);
  });

  it("a service that answers gets no warning, however long the run", async () => {
    await openTutorial(page, `${demo.url}/#/tutorials/hello-world`);
    // Past the page's few seconds of patience before it looks for a connection.
    const client = await editorText(page);
    await setEditorText(page, `${client}await new Promise((resolve) => setTimeout(resolve, 4000));\nconsole.log("still here");\n`);
    await page.click("[data-testid=run]");
    assert.equal(await runOutcome(page), "done");
    const shown = await output(page);
    assert.match(shown, /Received World 9[\s\S]*still here/);
    assert.doesNotMatch(shown, /Cannot reach/);
  });

  it("with the demo service down: names the endpoint and the gateway, and says how to start it", async () => {
    await demo.services.close();
    const shown = await runUntilHelp();
    assert.ok(shown.includes(`Cannot reach ${config.endpoints.hello} (the demo's hello service, hwserver) through the gateway at ${gateway}`), shown);
    assert.match(shown, /the demo service is not running\. Start it with "npm start"/);
  });

  it("with the gateway down: says the gateway does not answer and how to start it", async () => {
    await demo.gateway.close();
    pages.ignore = /WebSocket connection to .* failed|ERR_CONNECTION_REFUSED|Failed to load resource/;
    const shown = await runUntilHelp();
    assert.ok(shown.includes(`Cannot reach ${config.endpoints.hello} (the demo's hello service, hwserver): the gateway at ${gateway} does not answer`), shown);
    assert.match(shown, /Start the demo with "npm start"/);
    assert.doesNotMatch(shown, /Operation was not possible or timed out/);
  });
});
