/**
 * Loads dist/wasm/zmq.{js,wasm} in Node (and Deno/Bun's Node compatibility).
 * The wasm bytes are handed in: emscripten 3.1.6's loader mistakes Node's
 * global fetch for a browser's. The build without threads also loads
 * synchronously (loadPlatformNow), for Node's entry, which require() loads.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { NodeTcpTransport } from "../transport/node-tcp.js";
import { compilingEagerly, compilingForTopTier } from "./eager-wasm.js";
import { instantiateLater, instantiateSync, type InstantiateWasm } from "./instantiate.js";
import { holdOpen } from "./keepalive.js";
import type { WasmExports } from "./native.js";
import type { Build, Platform } from "./platform.js";

type Factory = (options: object) => Promise<WasmExports>;

// dist/runtime/ -> wasm/out/ (committed build output; see wasm/build.sh).
const wasmFile = (name: string): string => fileURLToPath(new URL(`../../wasm/out/${name}`, import.meta.url));

/** Deno runs the pthread workers through a small entry that makes its
 * worker scope look enough like Node's (see pthread-deno.ts); Node and Bun
 * load emscripten's worker script directly. */
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const locate = (name: string): string =>
  isDeno && name === "zmq.worker.js" ? fileURLToPath(new URL("./pthread-deno.js", import.meta.url)) : wasmFile(name);

/** The build's glue (its factory) and wasm file; a clear error if the
 * wasm was never built. */
function files(build: Build): { factory: Factory; binary: string } {
  const name = build === "threads" ? "zmq" : "zmq-nothreads";
  const glue = wasmFile(`${name}.js`);
  const binary = wasmFile(`${name}.wasm`);
  if (!existsSync(glue) || !existsSync(binary)) {
    throw new Error(
      `zeromq-wasm: the wasm module is missing (${binary}). Build it with "npm run build:wasm" (needs emscripten; see README).`,
    );
  }
  return { factory: createRequire(import.meta.url)(glue) as Factory, binary };
}

/** The build without threads, loaded before this returns: the wasm is
 * compiled and instantiated synchronously, and with nothing else to wait
 * for (no pthreads, no fetch) the glue runs libzmq's constructors within
 * the factory call, filling in the object it was given. */
export function loadPlatformNow(): Platform {
  const { factory, binary } = files("nothreads");
  const module = {} as WasmExports & { calledRun?: boolean; instantiateWasm?: InstantiateWasm };
  compilingEagerly(() => {
    module.instantiateWasm = instantiateSync(new WebAssembly.Module(readFileSync(binary)));
    // A failure has thrown already; the promise would only repeat it.
    factory(module).catch(() => undefined);
  });
  if (!module.calledRun) throw new Error("zeromq-wasm: the wasm module did not start synchronously");
  return { wasm: module, transport: new NodeTcpTransport() };
}

/** The loader for Node, Deno and Bun: package.json maps "#platform-loader"
 * here under the "node" condition, which all three resolve with. */
export async function loadPlatform(build: Build): Promise<Platform> {
  const { factory, binary } = files(build);
  // pthread workers are unref'd (wasm/shim/post.js): hold the process open
  // while they load, or Node would exit before the module is ready.
  const release = holdOpen();
  const webWorker = (globalThis as { Worker?: WorkerClass }).Worker;
  try {
    // Compiled here, so that V8 compiles it as compilingForTopTier says
    // (the glue makes the instance and posts the module to its pthreads).
    const bytes = await readFile(binary);
    const module = compilingForTopTier(() => new WebAssembly.Module(bytes));
    const wasm = await factory({ instantiateWasm: instantiateLater(module), locateFile: locate });
    return { wasm, transport: new NodeTcpTransport() };
  } finally {
    release();
    restoreWorker(webWorker);
  }
}

type WorkerClass = new (...args: unknown[]) => unknown;

/**
 * emscripten's glue sets the global Worker to node:worker_threads' Worker
 * and starts its pthreads with `new Worker(path)`. Deno and Bun have a web
 * Worker there, which the user's code expects to keep: give it back, still
 * sending emscripten's own pthread script to worker_threads. (Node has no
 * global Worker: nothing to do.)
 */
function restoreWorker(webWorker: WorkerClass | undefined): void {
  const globals = globalThis as { Worker?: WorkerClass };
  const threadWorker = globals.Worker;
  if (!webWorker || !threadWorker || threadWorker === webWorker) return;
  const pthreadScript = locate("zmq.worker.js");
  globals.Worker = new Proxy(webWorker, {
    construct: (target, args, newTarget) =>
      (String(args[0]) === pthreadScript ? new threadWorker(...args) : Reflect.construct(target, args, newTarget)) as object,
  });
}
