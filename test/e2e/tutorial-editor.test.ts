// A tutorial page as a reader uses it (Chromium, the demo on its own
// ports): edit a program and Run it, errors with their line, Reset,
// Shift+Enter, a share link that carries the edits, Stop, each program's
// own Stop/Start, prev/next, the title, aria-live, focus. No console errors.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { Demo } from "../../web-demo/server/demo.ts";
import type { PageConfig } from "../../web-demo/demo-config.ts";
import { tutorials } from "../../web-demo/tutorials/catalog.ts";
import { withConfigPorts } from "../../web-demo/tutorials/page/config-ports.ts";
import { launchChromium } from "../support/chromium.ts";
import { startTestDemo } from "../support/demo.ts";
import { consoleErrors, editorText, openTutorial, output, runOutcome, selectTab, setEditorText, tutorialStatus } from "../support/tutorial-page.ts";

const hwclient = readFileSync(new URL("../../web-demo/tutorials/hello-world/hwclient.ts", import.meta.url), "utf8");
const taskvent = readFileSync(new URL("../../web-demo/tutorials/divide-and-conquer/taskvent.ts", import.meta.url), "utf8");

describe("tutorial page: edit and run", () => {
  let demo: Demo;
  let config: PageConfig;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const open = (id: string) => openTutorial(page, `${demo.url}/#/tutorials/${id}`);
  /** hwclient.ts as the page shows it (the demo's ports). */
  const shownClient = () => withConfigPorts(hwclient, config.endpoints);

  before(async () => {
    demo = await startTestDemo({ tickerRate: 200 });
    config = (await (await fetch(`${demo.url}/demo-config.json`)).json()) as PageConfig;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage();
    errors = consoleErrors(page);
  });
  afterEach(async () => {
    await page.close();
    assert.deepEqual(errors, []);
  });

  it("runs the edited code, not the original", async () => {
    await open("hello-world");
    await setEditorText(page, shownClient().replace("requestNbr < 10", "requestNbr < 3").replace("console.log(`Received", "console.log(`Edited, got"));
    await page.click("[data-testid=run]");
    assert.equal(await runOutcome(page), "done");
    const shown = await output(page);
    assert.match(shown, /hwclient\.ts: Edited, got World 2\n/);
    assert.doesNotMatch(shown, /Received|Hello 3/);
    // Each line carries its time and program.
    assert.match(shown, /^\d\d:\d\d:\d\d\.\d{3} hwclient\.ts: Connecting to hello world server…$/m);
    assert.equal(await page.getAttribute("[data-testid=tab][data-file='hwclient.ts']", "class"), "edited");
  });

  it("a syntax error shows in the output with its file and line, and the line is marked", async () => {
    await open("hello-world");
    const lines = shownClient().split("\n");
    lines.splice(5, 0, "const broken = ;");
    await setEditorText(page, lines.join("\n"));
    await page.click("[data-testid=run]");
    assert.equal(await runOutcome(page), "failed");
    assert.match(await output(page), /hwclient\.ts: syntax error at line 6: /);
    assert.equal(await page.textContent(".cm-error-line"), "const broken = ;");
  });

  it("a runtime error shows in the output with its file and line", async () => {
    await open("hello-world");
    const lines = shownClient().split("\n");
    lines.splice(7, 0, 'throw new RangeError("no more hellos");');
    await setEditorText(page, lines.join("\n"));
    await page.click("[data-testid=run]");
    assert.equal(await runOutcome(page), "failed");
    assert.match(await output(page), /hwclient\.ts: error at line 8: RangeError: no more hellos/);
    assert.equal(await page.textContent(".cm-error-line"), 'throw new RangeError("no more hellos");');
  });

  it("Reset puts back the original code, per tab and all", async () => {
    await open("divide-and-conquer");
    await setEditorText(page, "// mine\n");
    await selectTab(page, "taskwork.ts");
    await setEditorText(page, "// mine too\n");
    await page.click("[data-testid=reset]");
    assert.equal(await editorText(page), readFileSync(new URL("../../web-demo/tutorials/divide-and-conquer/taskwork.ts", import.meta.url), "utf8"));
    await selectTab(page, "taskvent.ts");
    assert.equal(await editorText(page), "// mine\n");
    await page.click("[data-testid=reset-all]");
    assert.equal(await editorText(page), taskvent);
    assert.equal(await page.$$eval("[data-testid=tab].edited", (tabs) => tabs.length), 0);
  });

  it("Shift+Enter in the editor runs the code (and adds no line)", async () => {
    await open("hello-world");
    await page.click("[data-testid=editor] .cm-content");
    await page.keyboard.press("Shift+Enter");
    assert.equal(await runOutcome(page), "done");
    assert.match(await output(page), /Received World 9/);
    assert.equal(await editorText(page), shownClient());
  });

  it("a share link carries the edited code; opening it runs that code and says so", async () => {
    await open("hello-world");
    const edited = shownClient().replace("requestNbr < 10", "requestNbr < 2").replace("Connecting to hello world server", "Shared and edited");
    await setEditorText(page, edited);
    await page.click("[data-testid=share]");
    const link = await page.inputValue("[data-testid=share-link]");
    assert.match(link, /\?code=[\w-]+#\/tutorials\/hello-world$/);
    const reader = await browser.newPage();
    const readerErrors = consoleErrors(reader);
    try {
      await openTutorial(reader, link);
      assert.equal(await editorText(reader), edited);
      assert.match((await reader.textContent("[data-testid=shared-notice]")) ?? "", /share link.*hwclient\.ts/);
      assert.equal(new URL(reader.url()).search, "", "the link's code leaves the address once loaded");
      await reader.click("[data-testid=run]");
      assert.equal(await runOutcome(reader), "done");
      assert.match(await output(reader), /Shared and edited[\s\S]*Received World 1\n$/);
      assert.deepEqual(readerErrors, []);
    } finally {
      await reader.close();
    }
  });

  it("Stop ends the run and a stopped program prints nothing more (no \"giving up\")", async () => {
    await open("hello-world");
    await setEditorText(
      page,
      [
        'import { Pull } from "zeromq-wasm/browser";',
        "const pull = new Pull();",
        'pull.connect("inproc://nobody-sends");',
        'console.log("waiting");',
        "try {",
        "  await pull.receive();",
        "} catch (error) {",
        '  console.log("giving up", error);',
        "}",
      ].join("\n"),
    );
    await page.click("[data-testid=run]");
    await page.waitForFunction(() => document.querySelector("[data-testid=output]")?.textContent?.includes("waiting"));
    await page.click("[data-testid=stop]");
    assert.equal(await runOutcome(page), "stopped");
    await page.waitForTimeout(500);
    assert.doesNotMatch(await output(page), /giving up/);
  });

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
    for (const [index, tutorial] of tutorials.entries()) {
      await open(tutorial.id);
      assert.equal(await page.title(), `${tutorial.title} - zeromq-wasm tutorials`);
      assert.equal(await page.getAttribute("[data-testid=prev]", "href").catch(() => null), index > 0 ? `#/tutorials/${tutorials[index - 1].id}` : null);
      assert.equal(await page.getAttribute("[data-testid=next]", "href").catch(() => null), tutorials[index + 1] ? `#/tutorials/${tutorials[index + 1].id}` : null);
      assert.match((await page.textContent("[data-testid=guide]")) ?? "", new RegExp(tutorial.chapter));
    }
    await page.click("[data-testid=prev]");
    await page.waitForFunction((title) => document.title === title, `${tutorials.at(-2)!.title} - zeromq-wasm tutorials`);
    await page.click("[data-testid=next]");
    await page.waitForFunction((title) => document.title === title, `${tutorials.at(-1)!.title} - zeromq-wasm tutorials`);
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
    const port = new URL(config.endpoints.hello.replace("tcp:", "http:")).port;
    assert.notEqual(port, "5555");
    assert.match((await page.textContent(".explanation")) ?? "", new RegExp(`port ${port}\\b`));
    assert.doesNotMatch((await page.textContent(".explanation")) ?? "", /5555/);
    assert.match(await editorText(page), new RegExp(`connect\\("tcp://127\\.0\\.0\\.1:${port}"\\)`));
  });
});
