// zeromq-wasm/testing/playwright as a team uses it: `npx playwright test` on
// the example spec (example/feed.spec.ts) passes, and the same spec with
// one expectation made wrong fails, with Playwright's report of it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

const root = fileURLToPath(new URL("../..", import.meta.url));

function playwrightTest(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  // Its own output directory: Playwright empties it as a run starts.
  const outputDir = mkdtempSync(join(tmpdir(), "zws-playwright-"));
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn("npx", ["playwright", "test", "-c", "test/testing/example", "--reporter=line", ...args], {
      cwd: root,
      env: { ...process.env, ...env, CI: "1", FORCE_COLOR: "0", EXAMPLE_OUTPUT_DIR: outputDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  }).finally(() => rmSync(outputDir, { recursive: true, force: true }));
}

describe("the Playwright fixture (zeromq-wasm/testing/playwright)", () => {
  // Both runs at once: most of each is Playwright starting up.
  const runs = Promise.all([playwrightTest([]), playwrightTest(["-g", "asks the service"], { EXPECT_WRONG: "1" })]);
  runs.catch(() => {}); // reported by the tests that await it

  it("runs the example spec with npx playwright test: it passes", async (t) => {
    const { code, output } = (await runs)[0];
    t.diagnostic(output.trim().split("\n").at(-1) ?? "");
    assert.equal(code, 0, output);
    assert.match(output, /2 passed/);
  });

  it("fails the run when an expectation about the page is wrong", async () => {
    const { code, output } = (await runs)[1];
    assert.equal(code, 1, output);
    assert.match(output, /1 failed/);
    assert.match(output, /weather 99/);
  });
});
