// The C/TypeScript boundary is defined once, in wasm/abi.json: the files
// generated from it are current, no function is exported from C outside
// it, each of our exports is defined where its generated prototype checks
// it, and the committed module (wasm/out) exports exactly what it lists.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const shim = join(root, "wasm/shim");
const generator = join(root, "wasm/abi/generate.mjs");

interface Table {
  functions: { from: "libc" | "libzmq" | "shim"; name: string }[];
  runtime: { from: "emscripten" | "post.js"; name: string }[];
}
const table = JSON.parse(readFileSync(join(root, "wasm/abi.json"), "utf8")) as Table;
const inTable = new Set(table.functions.map((fn) => fn.name));

/** wasm/shim's C sources and headers: name -> text. */
const sources = new Map(
  readdirSync(shim)
    .filter((file) => /\.[ch]$/.test(file))
    .map((file) => [file, readFileSync(join(shim, file), "utf8")]),
);

/** Whether file includes zws_abi.h, itself or through the shim's headers. */
function seesAbi(file: string, seen = new Set<string>()): boolean {
  if (file === "zws_abi.h") return true;
  if (seen.has(file)) return false;
  seen.add(file);
  const text = sources.get(file) ?? "";
  return [...text.matchAll(/^#include "([\w.]+)"/gm)].some(([, header]) => seesAbi(header, seen));
}

describe("the ABI table (wasm/abi.json)", () => {
  it("matches the committed generated files (zws_abi.h, src/runtime/abi.ts)", () => {
    const run = spawnSync(process.execPath, [generator, "--check"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
  });

  it("lists every function C marks EMSCRIPTEN_KEEPALIVE (the exports are the table's)", () => {
    const marked: string[] = [];
    for (const [file, text] of sources) {
      for (const m of text.matchAll(/EMSCRIPTEN_KEEPALIVE\b[^;{(]*?\b(\w+)\s*\(/g)) marked.push(`${file}: ${m[1]}`);
    }
    assert.deepEqual(marked.filter((entry) => !inTable.has(entry.split(": ")[1])), []);
  });

  it("has each of our exports defined in wasm/shim, in a file that sees its generated prototype", () => {
    for (const fn of table.functions.filter((f) => f.from === "shim")) {
      const definition = new RegExp(`^[\\w][\\w\\s*]*\\b${fn.name}\\s*\\([^;]*\\)\\s*\\{`, "m");
      const files = [...sources].filter(([file, text]) => file.endsWith(".c") && definition.test(text)).map(([file]) => file);
      assert.equal(files.length, 1, `${fn.name}: defined in ${files.length} files of wasm/shim`);
      assert.ok(seesAbi(files[0]), `${fn.name}: ${files[0]} does not include zws_abi.h`);
    }
  });

  for (const file of ["zmq.js", "zmq-nothreads.js"]) {
    it(`is what the committed module exports (wasm/out/${file})`, () => {
      const glue = readFileSync(join(root, "wasm/out", file), "utf8");
      const exported = new Set([...glue.matchAll(/Module\["_(\w+)"\]\s*=/g)].map((m) => m[1]));
      const ours = (name: string) => /^(zmq_|zws_)/.test(name) || name === "malloc" || name === "free";
      assert.deepEqual([...inTable].filter((name) => !exported.has(name)), [], "in the table, not exported: rebuild with npm run build:wasm");
      assert.deepEqual([...exported].filter((name) => ours(name) && !inTable.has(name)), [], "exported, not in the table");
      for (const r of table.runtime) {
        if (r.from === "emscripten") assert.match(glue, new RegExp(`Module\\["${r.name}"\\]\\s*=`), r.name);
        else assert.match(readFileSync(join(shim, "post.js"), "utf8"), new RegExp(`Module\\['${r.name}'\\]\\s*=|defineProperty\\(Module, '${r.name}'`), r.name);
      }
    });
  }
});
