// The web demo as a newcomer meets it (npm start's startDemo, on ports
// other than the Guide's, in Chromium): every tutorial shows its programs'
// code with the running ports, runs, and prints what it should, with no
// console errors. Screenshots go to test-artifacts/ (not committed).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tutorials } from "../../web-demo/tutorials/catalog.ts";
import { programSources } from "../../web-demo/tutorials/node-sources.ts";
import { withConfigPorts } from "../../web-demo/tutorials/page/config-ports.ts";
import { baseName } from "../../web-demo/tutorials/page/paths.ts";
import { artifacts } from "../support/demo.ts";
import { editorText, openTutorial, output, runOutcome, selectTab, useTutorialPages } from "../support/tutorial-page.ts";

// The demo is served without isolation headers: none is needed.
describe("web demo: Guide tutorials in the page", () => {
  const pages = useTutorialPages();

  it("lists every tutorial, with the list's title", async () => {
    const { page, demo } = pages;
    await page.goto(`${demo.url}/#/tutorials`);
    await page.waitForSelector(".tutorial-list a", { timeout: 30_000 });
    const listed = await page.$$eval(".tutorial-list a", (links) => links.map((a) => a.getAttribute("href")));
    assert.deepEqual(listed, tutorials.map((t) => `#/tutorials/${t.id}`));
    assert.equal(await page.title(), "Guide tutorials - zeromq-wasm tutorials");
  });

  for (const tutorial of tutorials) {
    it(`${tutorial.title}: shows its programs with the running ports, runs, and prints "${tutorial.expect}"`, async () => {
      const { page, demo, config } = pages;
      await openTutorial(page, `${demo.url}/#/tutorials/${tutorial.id}`);
      assert.equal(await page.title(), `${tutorial.title} - zeromq-wasm tutorials`);
      // The code shown is the programs' files, with the demo's own ports.
      for (const program of programSources(tutorial)) {
        await selectTab(page, baseName(program.file));
        assert.equal(await editorText(page), withConfigPorts(program.source, config.endpoints));
      }
      await page.click("[data-testid=run]");
      const outcome = await runOutcome(page);
      await page.screenshot({ path: `${artifacts}/tutorial-${tutorial.id}.png`, fullPage: true });
      const shown = await output(page);
      assert.equal(outcome, "done", shown);
      assert.ok(shown.includes(tutorial.expect), `expected "${tutorial.expect}" in:\n${shown}`);
    });
  }
});
