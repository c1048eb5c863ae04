/**
 * The pthread worker entry under Deno (see load-node.ts). Deno runs
 * node:worker_threads workers in a DedicatedWorkerGlobalScope whose
 * `location` has only a getter, so emscripten's worker script
 * (wasm/out/zmq.worker.js), which assigns `global.location` as it does in
 * Node, throws before it starts. Giving the scope its own writable
 * `location` first lets the unchanged script run.
 */
import { createRequire } from "node:module";

Object.defineProperty(globalThis, "location", { value: undefined, writable: true, configurable: true });
createRequire(import.meta.url)("../../wasm/out/zmq.worker.js");
