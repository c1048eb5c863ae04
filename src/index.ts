/**
 * zeromq-wasm: libzmq in WebAssembly with a zeromq.js v6-style API, for
 * Node, Deno, Bun and an app's own Web Worker: libzmq runs in this thread's
 * wasm (the in-process host), its I/O thread and reaper on threads.
 *
 * Importing this module loads the wasm and starts its threads (top-level
 * await), so sockets can be created as soon as the import resolves.
 */
import { startInProcess } from "./in-process.js";

const started = startInProcess("threads");

/** Resolves when the module is ready (already resolved after import). */
export const ready: Promise<void> = started.then(() => undefined);

/** The libzmq version inside, e.g. "4.3.4". */
export const version: string = (await started).version;

export * from "./api.js";
export { curveKeyPair, curvePublicKey, z85Encode, z85Decode, type CurveKeyPair } from "./curve.js";
