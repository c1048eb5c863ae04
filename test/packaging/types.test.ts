// Type tests: a file using the public API (test/types/good.ts) compiles
// with tsc --noEmit, and one with misuses (test/types/bad.ts) fails, each
// misuse with its expected error and nothing else. Both import the package
// by name ("zeromq-wasm", "zeromq-wasm/browser", "zeromq-wasm/gateway"), so
// the exports map's "types" and the .d.ts files in dist/ are what is checked.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

const dir = fileURLToPath(new URL("../types/", import.meta.url));
const require = createRequire(import.meta.url);
/** TypeScript 5, and 4.9 (the devDependency alias typescript4). */
const compilers = { "TypeScript 5": require.resolve("typescript/bin/tsc"), "TypeScript 4.9": require.resolve("typescript4/bin/tsc") };
const tsc = compilers["TypeScript 5"];

function typecheck(project: string, compiler = tsc): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [compiler, "--noEmit", "--pretty", "false", "-p", `${dir}${project}`], { encoding: "utf8" });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** test/types/.generated (not in git): the zeromq.js program with its
 * import changed to "zeromq-wasm", good.ts, and a project for them that
 * TypeScript 4.9 reads too (it knows no lib newer than ES2022). */
function generateProjects(): void {
  const out = `${dir}.generated/`;
  mkdirSync(out, { recursive: true });
  const program = readFileSync(`${dir}zeromqjs-program.ts`, "utf8");
  const changed = program.replace(/from "zeromq";/g, 'from "zeromq-wasm";');
  assert.notEqual(changed, program);
  writeFileSync(`${out}program.ts`, changed);
  writeFileSync(`${out}good.ts`, readFileSync(`${dir}good.ts`, "utf8"));
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM"], types: ["node"], strict: true, noEmit: true, skipLibCheck: false };
  writeFileSync(`${out}tsconfig.json`, JSON.stringify({ compilerOptions, files: ["program.ts", "good.ts"] }, null, 2));
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

  it("a zeromq.js v6 program compiles against zeromq.js itself (so it is one)", () => {
    const { status, output } = typecheck("tsconfig.zeromqjs.json");
    assert.equal(output.trim(), "");
    assert.equal(status, 0);
  });

  for (const [name, compiler] of Object.entries(compilers)) {
    it(`the same program compiles against zeromq-wasm by changing the import, and the API file too, with ${name}`, () => {
      generateProjects();
      const { status, output } = typecheck(".generated/tsconfig.json", compiler);
      assert.equal(output.trim(), "");
      assert.equal(status, 0);
    });
  }

  it("misuses (wrong option types, sending a boolean, unknown options) do not compile", () => {
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
