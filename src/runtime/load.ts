/**
 * Loads the wasm module once per JS realm, takes the runtime's own network
 * (Node's TCP, or none in a browser), and starts the shim's host loop.
 */
import { notLoadedError } from "../errors.js";
import { Native } from "./native.js";
import { ShimHost } from "./shim-host.js";

export interface Runtime {
  native: Native;
  shim: ShimHost;
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

async function start(): Promise<Runtime> {
  requireThreads();
  // Chosen by package.json "imports" conditions, not at run time, so that a
  // bundler building for browsers never sees the Node loader (node:net,
  // node:fs) and one building for Node keeps it.
  const { loadPlatform } = await import("#platform-loader");
  const { wasm, transport } = await loadPlatform();
  const native = new Native(wasm);
  const shim = new ShimHost(native, transport);
  shim.start();
  loaded = { native, shim };
  return loaded;
}

/** Resolves once the wasm module is loaded and its threads are running. */
export function load(): Promise<Runtime> {
  loading ??= start();
  return loading;
}

/** The loaded runtime; throws a clear error if loading has not finished. */
export function runtime(): Runtime {
  if (!loaded) throw notLoadedError();
  return loaded;
}
