/**
 * Readiness (issue 14, item 14): Node's loader has V8 compile libzmq's wasm
 * while it loads, so the first connection does not compile its functions
 * between connect() and the first message (src/runtime/eager-wasm.ts), and
 * leaves V8's lazy compilation as it was for any other module. Seen through
 * V8's %IsUncompiledWasmFunction (--allow-natives-syntax), in a child
 * process: no timing involved.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const loader = new URL("../dist/runtime/load-node.js", import.meta.url).href;

/** A module with one empty exported function f, compiled after the load. */
const tiny = "[0,97,115,109,1,0,0,0,1,4,1,96,0,0,3,2,1,0,7,5,1,1,102,0,0,10,4,1,2,0,11]";
const program = `
  const { loadPlatformNow } = await import(${JSON.stringify(loader)});
  const exports = loadPlatformNow().wasm.asm;
  const functions = Object.values(exports).filter((value) => typeof value === "function");
  const other = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${tiny})));
  console.log(JSON.stringify({
    functions: functions.length,
    uncompiled: functions.filter((f) => %IsUncompiledWasmFunction(f)).length,
    otherModuleLazy: %IsUncompiledWasmFunction(other.exports.f),
  }));`;

async function load(...flags: string[]): Promise<{ functions: number; uncompiled: number; otherModuleLazy: boolean }> {
  const { stdout } = await run(process.execPath, ["--allow-natives-syntax", ...flags, "--input-type=module", "-e", program], { timeout: 60_000 });
  return JSON.parse(stdout);
}

describe("wasm compilation (Node)", () => {
  it("compiles every libzmq function before the load returns, and leaves other modules to V8's lazy compilation", async () => {
    const loaded = await load();
    assert.ok(loaded.functions > 10, `libzmq's exports: ${loaded.functions}`);
    assert.equal(loaded.uncompiled, 0);
    assert.equal(loaded.otherModuleLazy, true);
  });

  it("keeps the compilation mode a process chose on its command line", async () => {
    const loaded = await load("--wasm-lazy-compilation");
    assert.ok(loaded.uncompiled > 0, "libzmq's functions are compiled on their first call, as asked");
  });
});
