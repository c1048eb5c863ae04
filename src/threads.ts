/**
 * zeromq-wasm/threads: the same API on libzmq built with threads (its I/O
 * thread and reaper are pthreads; needs SharedArrayBuffer and
 * Atomics.waitAsync: Node, Deno, Bun, a cross-origin isolated page's
 * workers). It measured faster than the main entry only for small-message
 * throughput between two wasm peers in Node (README, "Two builds of libzmq").
 */
import { startInProcess } from "./in-process.js";

/** `ready` resolves when the module is ready (already resolved after
 * import); `version` is the libzmq inside, e.g. "4.3.4". */
export const { ready, version } = await startInProcess("threads");

export * from "./api.js";
export { curveKeyPair, curvePublicKey, z85Encode, z85Decode, type CurveKeyPair } from "./curve.js";
