/**
 * Loads the wasm module once per JS realm, takes the runtime's own network
 * (Node's TCP, or none in a browser), and starts the shim's host loop.
 *
 * Two builds of libzmq: "threads" (its I/O thread and reaper are threads:
 * needs SharedArrayBuffer) and "nothreads" (they run as turns on this
 * thread, driven by the scheduler: any runtime with WebAssembly).
 */
import { notLoadedError } from "../errors.js";
import { Native } from "./native.js";
import { CooperativeScheduler, ThreadScheduler, type Scheduler } from "./scheduler.js";
import type { Build, Platform } from "./platform.js";
import { ShimHost } from "./shim-host.js";

export type { Build } from "./platform.js";

export interface Runtime {
  build: Build;
  native: Native;
  shim: ShimHost;
  scheduler: Scheduler;
}

let loading: Promise<Runtime> | undefined;
let loaded: Runtime | undefined;

function requireThreads(): void {
  if (typeof SharedArrayBuffer === "undefined" || typeof Atomics?.waitAsync !== "function") {
    throw new Error(
      "zeromq-wasm needs SharedArrayBuffer and Atomics.waitAsync (WebAssembly threads). " +
        "In a browser the page must be cross-origin isolated: serve it with the headers " +
        "'Cross-Origin-Opener-Policy: same-origin' and 'Cross-Origin-Embedder-Policy: require-corp'.",
    );
  }
}

async function start(build: Build): Promise<Runtime> {
  if (build === "threads") requireThreads();
  // Chosen by package.json "imports" conditions, not at run time, so that a
  // bundler building for browsers never sees the Node loader (node:net,
  // node:fs) and one building for Node keeps it.
  const { loadPlatform } = await import("#platform-loader");
  return assemble(build, await loadPlatform(build));
}

/** The runtime around a loaded platform: the same for both builds and
 * whether it loaded asynchronously or not. */
function assemble(build: Build, { wasm, transport }: Platform): Runtime {
  const native = new Native(wasm);
  const shim = new ShimHost(native, transport);
  let scheduler: Scheduler;
  if (build === "threads") {
    scheduler = new ThreadScheduler(native);
    shim.start();
  } else {
    const cooperative = new CooperativeScheduler(native);
    cooperative.setDrain(() => shim.drain());
    scheduler = cooperative;
  }
  loaded = { build, native, shim, scheduler };
  return loaded;
}

/**
 * The build this realm runs, kept on the global object: in Node the main
 * entry (CommonJS, for require() and import alike) and zeromq-wasm/threads
 * (ES modules) are separate copies of this module, and must still not start
 * two builds of libzmq side by side.
 */
const realmBuild = Symbol.for("zeromq-wasm.build");
const realm = globalThis as { [realmBuild]?: Build };

function claim(build: Build): void {
  const loadingBuild = realm[realmBuild];
  if (loadingBuild !== undefined && loadingBuild !== build) {
    throw new Error(`zeromq-wasm: the "${loadingBuild}" build is loaded already; one realm runs one build`);
  }
  realm[realmBuild] = build;
}

/** Resolves once the wasm module is loaded (and its threads are running).
 * One build per realm: the first load() picks it. */
export function load(build: Build = "nothreads"): Promise<Runtime> {
  try {
    claim(build);
  } catch (error) {
    return Promise.reject(error);
  }
  loading ??= start(build);
  return loading;
}

/** The runtime from a platform loaded synchronously (Node's entry, for
 * require()); the same runtime load() then resolves with. */
export function loadNow(build: Build, loadPlatform: () => Platform): Runtime {
  claim(build);
  loading ??= Promise.resolve(assemble(build, loadPlatform()));
  if (!loaded) throw new Error("zeromq-wasm: the wasm module is loading asynchronously already");
  return loaded;
}

let lazily: (() => Runtime) | undefined;

/** Loads on the first runtime() call instead (a Node worker thread whose
 * sockets live in another thread needs libzmq here only for CURVE keys and
 * Z85). */
export function loadLazily(build: Build, loadPlatform: () => Platform): void {
  lazily = () => loadNow(build, loadPlatform);
}

/** The loaded runtime; throws a clear error if loading has not finished. */
export function runtime(): Runtime {
  if (!loaded && lazily) return lazily();
  if (!loaded) throw notLoadedError();
  return loaded;
}
