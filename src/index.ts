/**
 * zeromq-wasm: libzmq in WebAssembly with a zeromq.js v6-style API, for
 * Node, Deno, Bun, Web Workers and Cloudflare's workerd: libzmq runs in
 * this thread's wasm (the in-process host), built without threads: its I/O
 * thread and reaper are turns scheduled from the event loop. It measured as
 * fast or faster than the build with threads everywhere but small-message
 * throughput between two wasm peers in Node (README, "Two builds of
 * libzmq"); that build is zeromq-wasm/threads.
 *
 * Importing this module loads the wasm (top-level await), so sockets can be
 * created as soon as the import resolves.
 */
import { startInProcess } from "./in-process.js";

/** `ready` resolves when the module is ready (already resolved after
 * import); `version` is the libzmq inside, e.g. "4.3.4". */
export const { ready, version } = await startInProcess("nothreads");

export * from "./api.js";
export { curveKeyPair, curvePublicKey, z85Encode, z85Decode, type CurveKeyPair } from "./curve.js";
