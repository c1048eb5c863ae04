// The web demo as a newcomer meets it (npm start's startDemo, on ports
// other than the Guide's, in Chromium): the tutorial list, and the first
// part of the catalog run (support/tutorial-runs.ts; the rest in
// demo-tutorials-*.test.ts), with no console errors. Screenshots go to
// test-artifacts/ (not committed).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tutorials } from "../../web-demo/tutorials/catalog.ts";
import { useTutorialPages } from "../support/tutorial-page.ts";
import { itRunsEachTutorial } from "../support/tutorial-runs.ts";

// The demo is served without isolation headers: none is needed.
describe("web demo: Guide tutorials in the page (part 1)", () => {
  const pages = useTutorialPages();

  it("lists every tutorial, with the list's title", async () => {
    const { page, demo } = pages;
    await page.goto(`${demo.url}/#/tutorials`);
    await page.waitForSelector(".tutorial-list a", { timeout: 30_000 });
    const listed = await page.$$eval(".tutorial-list a", (links) => links.map((a) => a.getAttribute("href")));
    assert.deepEqual(listed, tutorials.map((t) => `#/tutorials/${t.id}`));
    assert.equal(await page.title(), "Guide tutorials - zeromq-wasm tutorials");
  });

  itRunsEachTutorial(pages, 0);
});
