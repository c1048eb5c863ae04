/**
 * CommonJS (issue 14, item 11): a zeromq.js program that require()s the
 * library, run as a .cjs file by node in a child process (require() is
 * what is tested, so it cannot run inside this ES module test), against
 * zeromq.js and zeromq-wasm alike.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { LibraryName } from "./libraries.ts";

const run = promisify(execFile);
const program = fileURLToPath(new URL("./programs/require.cjs", import.meta.url));

for (const lib of ["zeromq", "zeromq-wasm"] satisfies LibraryName[]) {
  describe(`require("${lib}")`, () => {
    it(`loads synchronously: sockets made at once talk over tcp and inproc, and import() gives the same module [${lib}]`, async () => {
      const { stdout } = await run(process.execPath, [program, lib], { timeout: 60_000 });
      assert.deepEqual(JSON.parse(stdout), {
        defaultContext: true,
        socketClass: true,
        tcp: ["Hello, World"],
        inproc: ["a", "b"],
        importSharesClasses: true,
      });
    });
  });
}
