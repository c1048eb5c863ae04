// Type tests: a file using the public API (test/types/good.ts) compiles
// with tsc --noEmit, and one with misuses (test/types/bad.ts) fails, each
// misuse with its expected error and nothing else. Both import the package
// by name ("zeromq-wasm", "zeromq-wasm/browser", "zeromq-wasm/gateway"), so
// the exports map's "types" and the .d.ts files in dist/ are what is checked.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

const dir = fileURLToPath(new URL("../types/", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

function typecheck(project: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [tsc, "--noEmit", "--pretty", "false", "-p", `${dir}${project}`], { encoding: "utf8" });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe("types of the public API", () => {
  it("a file using the API as documented compiles", () => {
    const { status, output } = typecheck("tsconfig.json");
    assert.equal(output.trim(), "");
    assert.equal(status, 0);
  });

  it("a CommonJS file that require()s the package compiles, typed (issue 14, item 11)", () => {
    const { status, output } = typecheck("tsconfig.commonjs.json");
    assert.equal(output.trim(), "");
    assert.equal(status, 0);
  });

  it("misuses (wrong option types, sending a number, unknown options) do not compile", () => {
    const expected = new Map<number, string>();
    readFileSync(`${dir}bad.ts`, "utf8")
      .split("\n")
      .forEach((line, index) => {
        const marker = /\/\/ BAD (TS\d+):/.exec(line);
        if (marker) expected.set(index + 1, marker[1]);
      });
    assert.ok(expected.size >= 5);
    const { status, output } = typecheck("tsconfig.bad.json");
    assert.equal(status, 2, output);
    const got = new Map<number, string>();
    for (const match of output.matchAll(/bad\.ts\((\d+),\d+\): error (TS\d+)/g)) got.set(Number(match[1]), match[2]);
    assert.deepEqual([...got].sort(), [...expected].sort(), output);
  });
});
