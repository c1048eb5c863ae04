// Every Guide tutorial's programs, run by the page's runner in Node against
// the package's Node entry and the demo services (direct tcp://, no
// gateway): the Guide's behaviour, fast, before the browser tests
// (test/e2e/demo.test.ts) run the same programs in Chromium.
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import * as zmq from "zeromq-wasm";
import { endpointsFor, type DemoPorts } from "../../web-demo/demo-config.ts";
import { startServices, type Services } from "../../web-demo/server/services.ts";
import { withEndpoints } from "../../web-demo/tutorials/runner/endpoints.ts";
import { TutorialRun } from "../../web-demo/tutorials/runner/tutorial-run.ts";
import { programSources } from "../../web-demo/tutorials/node-sources.ts";
import type { Tutorial } from "../../web-demo/tutorials/tutorial.ts";

const folders = readdirSync(new URL("../../web-demo/tutorials/", import.meta.url), { withFileTypes: true })
  // A tutorial is a folder with an about.ts (runner/ and page/ are the page's code).
  .filter((entry) => entry.isDirectory() && existsSync(new URL(`../../web-demo/tutorials/${entry.name}/about.ts`, import.meta.url)))
  .map((entry) => entry.name);
const tutorials: Tutorial[] = await Promise.all(
  folders.map(async (id) => ((await import(`../../web-demo/tutorials/${id}/about.ts`)) as { default: Tutorial }).default),
);

describe("Guide tutorials' programs (Node, direct tcp://)", () => {
  let services: Services;
  let ports: DemoPorts;
  before(async () => {
    const base = 20000 + Math.floor(Math.random() * 12000);
    ports = { web: 0, gateway: 0, hello: base, weather: base + 1, tickerSnapshot: base + 2, tickerUpdates: base + 3, flaky: base + 4 };
    services = await startServices({ host: "127.0.0.1", ports, tickerRate: 200, weatherRate: 100 });
  });
  after(async () => {
    await services?.close();
  });

  for (const tutorial of tutorials) {
    const skip = tutorial.needs === "browser" && `needs a browser (${tutorial.id}'s browser test runs it)`;
    it(`${tutorial.title}: prints "${tutorial.expect}"`, { skip }, async () => {
      const lines: string[] = [];
      const sources = programSources(tutorial).map((program) => ({ ...program, source: withEndpoints(program.source, endpointsFor(ports)) }));
      const run = new TutorialRun(sources, {
        modules: { "zeromq-wasm/browser": zmq as unknown as Record<string, unknown> },
        print: (name, text) => lines.push(`${name}: ${text}`),
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const outcome = await Promise.race([run.finished, new Promise((resolve) => (timer = setTimeout(resolve, 30_000, "timed out")))]);
      clearTimeout(timer);
      run.stop();
      const output = lines.join("\n");
      assert.equal(outcome, "done", output);
      assert.ok(output.includes(tutorial.expect), `expected "${tutorial.expect}" in:\n${output}`);
    });
  }
});
