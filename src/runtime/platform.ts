/**
 * What each runtime's loader (load-node.ts, load-browser.ts,
 * load-workerd.ts, picked by package.json's "#platform-loader") gives
 * load.ts: one shape for all of them.
 */
import type { Transport } from "../transport/types.js";
import type { WasmExports } from "./native.js";

export type Build = "threads" | "nothreads";

export interface Platform {
  wasm: WasmExports;
  /** The runtime's own network (Node's TCP, workerd's connect()), if any:
   * without one, tcp:// goes through a gateway. */
  transport: Transport | undefined;
}

/** Node itself, not Deno or Bun (which take package.json's "node"
 * condition too): V8's flags and worker_threads' details are Node's. */
export const nodeItself = !("Deno" in globalThis) && !("Bun" in globalThis);
