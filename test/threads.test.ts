// libzmq with threads (dist/threads.js, zeromq-wasm/threads): the same
// pattern, options, errors and interop suites as the default build (without
// threads), each run again in its own process with the Node API from that
// build (test/support/hosts.ts, zmq.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// Not NODE_TEST_CONTEXT: with it a nested `node --test` reports to this
// runner instead of running its file.
const { NODE_TEST_CONTEXT: _, ...env } = process.env;
const suites = [
  ...["req-rep", "pub-sub", "push-pull", "dealer-router", "pair", "xpub-xsub", "options", "errors", "curve", "proxy", "events", "draft", "bind-sync"],
  // Against native libzmq (pyzmq), through test/support/zmq.ts.
  ...["req-rep", "pub-sub", "push-pull", "dealer-router", "multipart", "curve"].map((name) => `interop/${name}`),
];

describe("libzmq with threads (dist/threads.js)", () => {
  for (const suite of suites) {
    it(`passes test/${suite}.test.ts`, () => {
      const run = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=dot", `test/${suite}.test.ts`], {
        cwd: root,
        env: { ...env, ZEROMQ_WASM_TEST_BUILD: "threads" },
        encoding: "utf8",
        timeout: 110_000,
      });
      assert.equal(run.status, 0, `${suite} with threads:\n${run.stdout}\n${run.stderr}`);
    });
  }
});
