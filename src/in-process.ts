/**
 * Starting libzmq in this realm (the in-process host): shared by the entry
 * points for Node, Deno, Bun and workers, with or without threads.
 */
import { WasmHost } from "./backend/wasm-host.js";
import { installHost } from "./host.js";
import { load, type Build } from "./runtime/load.js";

/** Loads the build and installs its host for the public classes; what an
 * entry exports: `ready` (resolved by then) and libzmq's `version`. */
export async function startInProcess(build: Build): Promise<{ ready: Promise<void>; version: string }> {
  const host = new WasmHost(await load(build));
  installHost(host);
  return { ready: Promise.resolve(), version: host.runtime.native.version() };
}
