/**
 * Readiness (issue 14, item 14): Node's loader has V8 compile libzmq's wasm
 * while it loads, so the first connection does not compile its functions
 * between connect() and the first message (src/runtime/eager-wasm.ts), and
 * leaves V8's lazy compilation as it was for any other module. Seen through
 * V8's %IsUncompiledWasmFunction (--allow-natives-syntax), in a child
 * process: no timing involved. Likewise V8's tiering: libzmq is compiled
 * without dynamic tiering, so V8 recompiles all of it with TurboFan in the
 * background right after the load (%IsTurboFanFunction), not one function
 * at a time among the first messages.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const loader = new URL("../dist/runtime/load-node.js", import.meta.url).href;

/** A module with one empty exported function f, compiled after the load. */
const tiny = "[0,97,115,109,1,0,0,0,1,4,1,96,0,0,3,2,1,0,7,5,1,1,102,0,0,10,4,1,2,0,11]";
/** Loads libzmq; with waitForTurboFan, waits (within the test's own bound)
 * for V8's background compilation to make every export TurboFan code. */
const program = (waitForTurboFan: boolean) => `
  const { loadPlatformNow } = await import(${JSON.stringify(loader)});
  const exports = loadPlatformNow().wasm.asm;
  const functions = Object.values(exports).filter((value) => typeof value === "function");
  const other = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${tiny})));
  const uncompiled = functions.filter((f) => %IsUncompiledWasmFunction(f)).length;
  const otherModuleLazy = %IsUncompiledWasmFunction(other.exports.f);
  const optimized = () => functions.filter((f) => %IsTurboFanFunction(f)).length;
  const deadline = Date.now() + 20_000;
  while (${waitForTurboFan} && optimized() < functions.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  console.log(JSON.stringify({ functions: functions.length, uncompiled, otherModuleLazy, optimized: optimized() }));`;

type Loaded = { functions: number; uncompiled: number; otherModuleLazy: boolean; optimized: number };

async function load(...flags: string[]): Promise<Loaded> {
  const { stdout } = await run(process.execPath, ["--allow-natives-syntax", ...flags, "--input-type=module", "-e", program(!flags.includes("--wasm-dynamic-tiering"))], { timeout: 60_000 });
  return JSON.parse(stdout);
}

describe("wasm compilation (Node)", () => {
  it("compiles every libzmq function before the load returns, and leaves other modules to V8's lazy compilation", async () => {
    const loaded = await load();
    assert.ok(loaded.functions > 10, `libzmq's exports: ${loaded.functions}`);
    assert.equal(loaded.uncompiled, 0);
    assert.equal(loaded.otherModuleLazy, true);
  });

  it("has V8 recompile all of libzmq with TurboFan after the load, with no traffic", async () => {
    const loaded = await load();
    assert.equal(loaded.optimized, loaded.functions);
  });

  it("keeps the tiering a process chose on its command line", async () => {
    const loaded = await load("--wasm-dynamic-tiering");
    assert.equal(loaded.optimized, 0, "functions stay in Liftoff until they have run enough");
  });

  it("keeps the compilation mode a process chose on its command line", async () => {
    const loaded = await load("--wasm-lazy-compilation");
    assert.ok(loaded.uncompiled > 0, "libzmq's functions are compiled on their first call, as asked");
  });
});
