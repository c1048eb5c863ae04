// A tutorial page's surroundings (Chromium, the demo on its own ports):
// each running program's own Stop/Start, prev/next and the title, the
// Guide's examples named, aria-live and focus, ports from the running
// config. No console errors.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { beforeEach, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { tutorials } from "../../web-demo/tutorials/catalog.ts";
import { editorText, openTutorial, output, runOutcome, setEditorText, tutorialStatus, useTutorialPages } from "../support/tutorial-page.ts";

const taskvent = readFileSync(new URL("../../web-demo/tutorials/divide-and-conquer/taskvent.ts", import.meta.url), "utf8");

describe("tutorial page: programs, navigation, accessibility", () => {
  const pages = useTutorialPages();
  let page: Page;
  beforeEach(() => ({ page } = pages));
  const open = (id: string) => openTutorial(page, `${pages.demo.url}/#/tutorials/${id}`);

  it("each program shows its state and can be stopped and started again while the run goes on", async () => {
    await open("divide-and-conquer");
    // The ventilator waits 4 s before sending: time to crash a worker and start it again.
    await setEditorText(page, taskvent.replace("setTimeout(resolve, 200)", "setTimeout(resolve, 4000)"));
    await page.click("[data-testid=run]");
    const row = (name: string) => `[data-testid=program][data-program="${name}"]`;
    await page.waitForSelector(`${row("taskwork.ts #2")} [data-testid=program-state]:text("running")`);
    // In about.ts's order, a row per copy.
    assert.deepEqual(await page.$$eval("[data-testid=program]", (rows) => rows.map((r) => (r as HTMLElement).dataset.program)), [
      "taskvent.ts",
      "taskwork.ts #1",
      "taskwork.ts #2",
      "taskwork.ts #3",
      "tasksink.ts",
    ]);
    await page.click(`${row("taskwork.ts #2")} [data-testid=program-toggle]`);
    await page.waitForSelector(`${row("taskwork.ts #2")} [data-testid=program-state]:text("stopped")`);
    assert.equal(await page.textContent(`${row("taskwork.ts #2")} [data-testid=program-toggle]`), "Start");
    await page.click(`${row("taskwork.ts #2")} [data-testid=program-toggle]`);
    await page.waitForSelector(`${row("taskwork.ts #2")} [data-testid=program-state]:text("running")`);
    assert.equal(await runOutcome(page), "done");
    assert.match(await output(page), /Total elapsed time/);
    assert.equal(await page.textContent(`${row("tasksink.ts")} [data-testid=program-state]`), "done");
    assert.equal(await page.isDisabled(`${row("taskwork.ts #1")} [data-testid=program-toggle]`), true, "nothing to start once the run is over");
  });

  it("prev/next follow the catalog's order, the title follows the route", async () => {
    const href = (testid: string) => page.evaluate((id) => document.querySelector(`[data-testid=${id}]`)?.getAttribute("href") ?? null, testid);
    // From the first to the last by "next", then back by "prev".
    await open(tutorials[0].id);
    for (const [index, tutorial] of tutorials.entries()) {
      if (index > 0) await page.click("[data-testid=next]");
      await page.waitForFunction((title) => document.title === title, `${tutorial.title} - zeromq-wasm tutorials`);
      await page.waitForSelector("[data-testid=editor] .cm-content");
      assert.equal(await href("prev"), index > 0 ? `#/tutorials/${tutorials[index - 1].id}` : null);
      assert.equal(await href("next"), tutorials[index + 1] ? `#/tutorials/${tutorials[index + 1].id}` : null);
      assert.match((await page.textContent("[data-testid=guide]")) ?? "", new RegExp(tutorial.chapter));
    }
    await page.click("[data-testid=prev]");
    await page.waitForFunction((title) => document.title === title, `${tutorials.at(-2)!.title} - zeromq-wasm tutorials`);
    await page.click("header a[href='#/']");
    await page.waitForFunction(() => document.title === "zeromq-wasm demo");
  });

  it("names the Guide's examples it follows, client and server", async () => {
    await open("hello-world");
    assert.match((await page.textContent("[data-testid=guide]")) ?? "", /Chapter 1 - Basics.*hwclient.*hwserver/);
  });

  it("output and status are polite live regions; focus stays on Run after running", async () => {
    await open("hello-world");
    assert.equal(await page.getAttribute("[data-testid=output]", "aria-live"), "polite");
    assert.equal(await page.getAttribute("[data-testid=tutorial-status]", "aria-live"), "polite");
    await page.focus("[data-testid=run]");
    await page.keyboard.press("Enter");
    assert.equal(await runOutcome(page), "done");
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid), "run");
    assert.equal(await tutorialStatus(page), "done");
  });

  it("the explanation and the code name the running config's ports, not the Guide's", async () => {
    await open("hello-world");
    const port = new URL(pages.config.endpoints.hello.replace("tcp:", "http:")).port;
    assert.notEqual(port, "5555");
    assert.match((await page.textContent(".explanation")) ?? "", new RegExp(`port ${port}\\b`));
    assert.doesNotMatch((await page.textContent(".explanation")) ?? "", /5555/);
    assert.match(await editorText(page), new RegExp(`connect\\("tcp://127\\.0\\.0\\.1:${port}"\\)`));
  });
});
