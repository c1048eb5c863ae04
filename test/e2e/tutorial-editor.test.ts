// A tutorial page as a reader uses it (Chromium, the demo on its own
// ports): edit a program and Run it, errors with their line, Reset,
// Shift+Enter, a share link that carries the edits, Stop without the
// stopped program printing more. No console errors.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { beforeEach, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { withConfigPorts } from "../../web-demo/tutorials/page/config-ports.ts";
import { consoleErrors, editorText, openTutorial, output, runOutcome, selectTab, setEditorText, useTutorialPages } from "../support/tutorial-page.ts";

const hwclient = readFileSync(new URL("../../web-demo/tutorials/hello-world/hwclient.ts", import.meta.url), "utf8");
const taskvent = readFileSync(new URL("../../web-demo/tutorials/divide-and-conquer/taskvent.ts", import.meta.url), "utf8");

describe("tutorial page: edit and run", () => {
  const pages = useTutorialPages();
  let page: Page;
  let browser: Browser;
  beforeEach(() => ({ page, browser } = pages));
  const open = (id: string) => openTutorial(page, `${pages.demo.url}/#/tutorials/${id}`);
  /** hwclient.ts as the page shows it (the demo's ports). */
  const shownClient = () => withConfigPorts(hwclient, pages.config.endpoints);

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

  const errorCases = [
    { kind: "syntax", line: 6, code: "const broken = ;", outcome: /hwclient\.ts: syntax error at line 6: / },
    { kind: "runtime", line: 8, code: 'throw new RangeError("no more hellos");', outcome: /hwclient\.ts: error at line 8: RangeError: no more hellos/ },
  ];
  for (const { kind, line, code, outcome } of errorCases) {
    it(`a ${kind} error shows in the output with its file and line, and the line is marked`, async () => {
      await open("hello-world");
      const lines = shownClient().split("\n");
      lines.splice(line - 1, 0, code);
      await setEditorText(page, lines.join("\n"));
      await page.click("[data-testid=run]");
      assert.equal(await runOutcome(page), "failed");
      assert.match(await output(page), outcome);
      assert.equal(await page.textContent(".cm-error-line"), code);
    });
  }

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
});
