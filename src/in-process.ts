/**
 * Starting libzmq in this realm (the in-process host): shared by the entry
 * points for Node, Deno, Bun and workers, with or without threads.
 */
import { WasmHost } from "./backend/wasm-host.js";
import { installHost } from "./host.js";
import { load, loadNow, type Build, type Runtime } from "./runtime/load.js";
import type { Platform } from "./runtime/platform.js";

/** What an entry exports: `ready` (resolved by then) and libzmq's `version`. */
export interface Started {
  ready: Promise<void>;
  version: string;
}

function install(runtime: Runtime): Started {
  const host = new WasmHost(runtime);
  installHost(host);
  return { ready: Promise.resolve(), version: host.runtime.native.version() };
}

/** Loads the build and installs its host for the public classes. */
export async function startInProcess(build: Build): Promise<Started> {
  return install(await load(build));
}

/** The same, from a platform that loads synchronously (Node's entry). */
export function startInProcessNow(build: Build, loadPlatform: () => Platform): Started {
  return install(loadNow(build, loadPlatform));
}
