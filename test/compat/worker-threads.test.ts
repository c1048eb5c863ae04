/**
 * worker_threads (issue 14, item 12): a zeromq.js program whose main thread
 * and a worker thread both import the library, run by node in a child
 * process against zeromq.js and zeromq-wasm alike. zeromq.js has one
 * libzmq per process: the worker sees the default context's options set in
 * the main thread (and the main thread the worker's), and inproc:// reaches
 * across threads both ways; the process then exits by itself.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { LibraryName } from "./libraries.ts";

const run = promisify(execFile);
const program = fileURLToPath(new URL("./programs/worker-threads.mjs", import.meta.url));
const bindSync = fileURLToPath(new URL("./programs/worker-bind-sync.mjs", import.meta.url));
const terminated = fileURLToPath(new URL("./programs/worker-terminate.cjs", import.meta.url));

for (const lib of ["zeromq", "zeromq-wasm"] satisfies LibraryName[]) {
  describe(`worker_threads (${lib})`, () => {
    it(`a worker shares the process's default context and inproc endpoints [${lib}]`, async () => {
      const { stdout } = await run(process.execPath, [program, lib], { timeout: 60_000 });
      assert.deepEqual(JSON.parse(stdout), {
        workerMaxSockets: 77,
        workerGot: "from main",
        mainGot: "from worker",
        mainMaxSockets: 78,
      });
    });

  });
}

// zeromq.js aborts the process (a Napi::Error in a destructor) when a
// worker is terminated with a receive pending: no behaviour to match, so
// this runs against zeromq-wasm alone, which closes the worker's sockets.
describe("worker_threads (zeromq-wasm)", () => {
  it("a worker terminated while it waits in receive(), sockets open, does not keep the process alive", async () => {
    const { stdout } = await run(process.execPath, [terminated, "zeromq-wasm"], { timeout: 60_000 });
    assert.deepEqual(JSON.parse(stdout), { terminated: true });
  });

  // zeromq.js answers a worker's bindSync on the worker's own thread; here
  // libzmq answers from another thread, never at once.
  it("a worker's bindSync() throws ENOTSUP naming `await bind()`, which works", async () => {
    const { stdout } = await run(process.execPath, [bindSync], { timeout: 60_000 });
    const { thrown, boundAfter } = JSON.parse(stdout);
    assert.equal(thrown.code, "ENOTSUP");
    assert.match(thrown.message, /^Cannot bindSync "inproc:\/\/worker-bind-sync": .*another thread.*; use `await socket\.bind\(address\)` instead$/);
    assert.equal(boundAfter, "inproc://worker-bind-sync");
  });
});
