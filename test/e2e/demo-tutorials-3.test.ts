// Part 3 of the catalog's tutorials run in the page (see
// test/support/tutorial-runs.ts and demo.test.ts).
import { describe } from "node:test";
import { useTutorialPages } from "../support/tutorial-page.ts";
import { itRunsEachTutorial } from "../support/tutorial-runs.ts";

describe("web demo: Guide tutorials in the page (part 3)", () => {
  itRunsEachTutorial(useTutorialPages(), 2);
});
