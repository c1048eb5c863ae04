/**
 * The Worker host: libzmq (wasm) lives here, not on the page's main thread.
 * It serves the page's backends (backend/remote.ts) with the in-process
 * host's own (backend/wasm-host.ts), over comlink (serve-host.ts).
 */
import { WasmHost } from "../backend/wasm-host.js";
import { load } from "../runtime/load.js";
import { serveHost } from "../serve-host.js";

// The build without threads, isolated page or not: in the page's worker it
// measured as fast or faster than libzmq's threads on every figure, and
// starts in two thirds of the time (README, "Two builds of libzmq").
// Loading starts at once; the page's calls wait for it.
serveHost(
  load("nothreads").then((runtime) => new WasmHost(runtime)),
  globalThis as unknown as Parameters<typeof serveHost>[1],
);
