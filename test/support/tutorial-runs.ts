/** The e2e check every tutorial gets (test/e2e/demo*.test.ts): its programs'
 * code shown with the running ports, Run, outcome "done", and its `expect`
 * in the output. The catalog is split over several files so that each file
 * stays well inside the suite's per-file time limit. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { tutorials } from "../../web-demo/tutorials/catalog.ts";
import { programSources } from "../../web-demo/tutorials/node-sources.ts";
import { withConfigPorts } from "../../web-demo/tutorials/page/config-ports.ts";
import { baseName } from "../../web-demo/tutorials/page/paths.ts";
import { artifacts } from "./demo.ts";
import { editorText, openTutorial, output, runOutcome, selectTab, type TutorialPages } from "./tutorial-page.ts";

/** How many files share the catalog. */
export const catalogParts = 3;

/** Part `part` (0-based) of the catalog: every tutorial is in exactly one. */
export function catalogPart(part: number) {
  const size = Math.ceil(tutorials.length / catalogParts);
  return tutorials.slice(part * size, (part + 1) * size);
}

export function itRunsEachTutorial(pages: TutorialPages, part: number): void {
  for (const tutorial of catalogPart(part)) {
    it(`${tutorial.title}: shows its programs with the running ports, runs, and prints "${tutorial.expect}"`, async () => {
      const { page, demo, config } = pages;
      await openTutorial(page, `${demo.url}/#/tutorials/${tutorial.id}`);
      assert.equal(await page.title(), `${tutorial.title} - zeromq-wasm tutorials`);
      // The code shown is the programs' files, with the demo's own ports.
      for (const program of programSources(tutorial)) {
        await selectTab(page, baseName(program.file));
        assert.equal(await editorText(page), withConfigPorts(program.source, config.endpoints));
      }
      // Both ends: the demo services it talks to, their own source, read-only.
      for (const file of new Set((tutorial.services ?? []).map((service) => service.file))) {
        await selectTab(page, baseName(file));
        assert.equal(await editorText(page), readFileSync(new URL(`../../web-demo/server/${file}`, import.meta.url), "utf8"));
        assert.equal(await page.getAttribute("[data-testid=editor] .cm-content", "contenteditable"), "false");
        assert.equal(await page.locator(`[data-testid=tab][data-file="${baseName(file)}"]`).count(), 1);
      }
      await page.click("[data-testid=run]");
      const outcome = await runOutcome(page);
      await page.screenshot({ path: `${artifacts}/tutorial-${tutorial.id}.png`, fullPage: true });
      const shown = await output(page);
      assert.equal(outcome, "done", shown);
      assert.ok(shown.includes(tutorial.expect), `expected "${tutorial.expect}" in:\n${shown}`);
    });
  }
}
