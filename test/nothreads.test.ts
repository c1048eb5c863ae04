// The build without threads (dist/nothreads.js): the same pattern, options,
// errors and interop suites as the default build, each run again in its own
// process with the Node API from that build (test/support/hosts.ts, zmq.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// Not NODE_TEST_CONTEXT: with it a nested `node --test` reports to this
// runner instead of running its file.
const { NODE_TEST_CONTEXT: _, ...env } = process.env;
const suites = [
  ...["req-rep", "pub-sub", "push-pull", "dealer-router", "pair", "xpub-xsub", "options", "errors", "curve"],
  // Against native libzmq (pyzmq), through test/support/zmq.ts.
  ...["req-rep", "pub-sub", "push-pull", "dealer-router", "multipart", "curve"].map((name) => `interop/${name}`),
];

describe("libzmq without threads (dist/nothreads.js)", () => {
  for (const suite of suites) {
    it(`passes test/${suite}.test.ts`, () => {
      const run = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=dot", `test/${suite}.test.ts`], {
        cwd: root,
        env: { ...env, ZEROMQ_WASM_TEST_BUILD: "nothreads" },
        encoding: "utf8",
        timeout: 110_000,
      });
      assert.equal(run.status, 0, `${suite} without threads:\n${run.stdout}\n${run.stderr}`);
    });
  }

  it("says clearly that Proxy needs the build with threads", async () => {
    const script = `
      const zmq = await import(${JSON.stringify(new URL("../dist/nothreads.js", import.meta.url).href)});
      const proxy = new zmq.Proxy(new zmq.Router({ linger: 0 }), new zmq.Dealer({ linger: 0 }));
      try { await proxy.run(); console.log("ran"); } catch (e) { console.log(e.code, e.message); }
      proxy.frontEnd.close(); proxy.backEnd.close();`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
    assert.match(run.stdout, /^ENOTSUP Proxy needs the build of zeromq-wasm with threads/);
  });
});
