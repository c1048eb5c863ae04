/**
 * zeromq-wasm: libzmq in WebAssembly with a zeromq.js v6-style API, for
 * Node, Deno, Bun and an app's own Web Worker: libzmq runs in this thread's
 * wasm (the in-process host, backend/wasm-host.ts).
 *
 * Importing this module loads the wasm and starts its threads (top-level
 * await), so sockets can be created as soon as the import resolves.
 */
import { WasmHost } from "./backend/wasm-host.js";
import { installHost } from "./host.js";
import { load } from "./runtime/load.js";

const host = load().then((runtime) => {
  const installed = new WasmHost(runtime);
  installHost(installed);
  return installed;
});

/** Resolves when the module is ready (already resolved after import). */
export const ready: Promise<void> = host.then(() => undefined);

/** The libzmq version inside, e.g. "4.3.4". */
export const version: string = (await host).runtime.native.version();

export * from "./api.js";
export { curveKeyPair, curvePublicKey, z85Encode, z85Decode, type CurveKeyPair } from "./curve.js";
