/**
 * zeromq-wasm without threads: the same API as the main entry, with libzmq
 * built without pthreads (its I/O thread and reaper run as turns on this
 * thread, scheduled from the event loop). No SharedArrayBuffer, no worker
 * threads: it runs where WebAssembly runs.
 */
import { startInProcess } from "./in-process.js";

const started = startInProcess("nothreads");

/** Resolves when the module is ready (already resolved after import). */
export const ready: Promise<void> = started.then(() => undefined);

/** The libzmq version inside, e.g. "4.3.4". */
export const version: string = (await started).version;

export * from "./api.js";
export { curveKeyPair, curvePublicKey, z85Encode, z85Decode, type CurveKeyPair } from "./curve.js";
