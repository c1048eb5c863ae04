// The Titanic tutorial keeps its requests in IndexedDB, which Node lacks:
// its programs run here in Chromium, by the page's runner (bundled with
// esbuild) over zeromq-wasm/browser, as the demo page runs them.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";
import { serveRepo, type StaticServer } from "../support/static-server.ts";
import { programSources } from "../../web-demo/tutorials/node-sources.ts";
import type { ProgramSource } from "../../web-demo/tutorials/runner/tutorial-run.ts";
import titanic from "../../web-demo/tutorials/titanic/about.ts";

/** When a line containing `when` is printed: stop `kill`, then after
 * `wait` ms start `restart` again. Each step acts once. */
interface Step {
  when: string;
  kill: string[];
  restart?: string[];
  wait?: number;
}

// Runs the sources in the page and returns the outcome and every line.
const page = `<!doctype html>
<meta charset="utf-8" />
<script type="module">
  import * as zmq from "/dist/browser/client.js";
  import { TutorialRun } from "/tutorial-runner.js";
  window.runTutorial = async (sources, steps) => {
    await zmq.ready();
    const lines = [];
    const run = new TutorialRun(sources, {
      modules: { "zeromq-wasm/browser": zmq },
      print: (name, text) => {
        lines.push(name + ": " + text);
        const step = steps.find((step) => !step.done && lines.at(-1).includes(step.when));
        if (!step) return;
        step.done = true;
        for (const name of step.kill) run.kill(name);
        setTimeout(() => { for (const name of step.restart ?? []) run.restart(name); }, step.wait ?? 0);
      },
    });
    const outcome = await Promise.race([run.finished, new Promise((resolve) => setTimeout(resolve, 40000, "timed out"))]);
    run.stop();
    return { outcome, lines };
  };
</script>`;

describe("Titanic tutorial's programs (Chromium, IndexedDB)", () => {
  let browser: Browser;
  let site: StaticServer;
  const sources: ProgramSource[] = programSources(titanic);

  before(async () => {
    const runner = await build({
      entryPoints: [new URL("../../web-demo/tutorials/runner/tutorial-run.ts", import.meta.url).pathname],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
    });
    const extra = { "/tutorial-titanic.html": page, "/tutorial-runner.js": runner.outputFiles[0].text };
    [browser, site] = await Promise.all([launchChromium(), serveRepo({ isolated: false, extra })]);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  // A fresh context each time: its own, empty IndexedDB.
  async function run(steps: Step[]): Promise<{ outcome: string; lines: string[] }> {
    const context = await browser.newContext();
    const tab: Page = await context.newPage();
    tab.on("pageerror", (error) => console.log(`page error: ${error.message}`));
    await tab.goto(`${site.url}/tutorial-titanic.html`);
    try {
      return await tab.evaluate(([sources, steps]) => (window as never as { runTutorial: Function }).runTutorial(sources, steps), [sources, steps] as const);
    } finally {
      await context.close();
    }
  }

  it(`prints "${titanic.expect}"`, async () => {
    const { outcome, lines } = await run([]);
    const output = lines.join("\n");
    assert.equal(outcome, "done", output);
    assert.ok(output.includes(titanic.expect), output);
  });

  it("keeps a request while the echo worker is away, across a Titanic restart", async () => {
    const worker = "../majordomo/mdworker.ts";
    const { outcome, lines } = await run([
      // The worker is stopped before it registers: "echo" has no worker.
      { when: `${worker}: I: connecting`, kill: [worker] },
      // Titanic holds the request; it is stopped and started again (it
      // can only know of the request from IndexedDB), then the worker.
      { when: "no reply yet", kill: ["titanic.ts"], restart: ["titanic.ts", worker], wait: 500 },
    ]);
    const output = lines.join("\n");
    assert.equal(outcome, "done", output);
    assert.ok(output.includes(titanic.expect), output);
    assert.equal(lines.filter((line) => line.includes("stored")).length, 1, output);
    assert.ok(lines.findIndex((line) => line.includes("answered")) > lines.findIndex((line) => line.includes("no reply yet")), output);
  });
});
