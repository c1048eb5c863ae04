/**
 * The host the public classes use, installed once by the entry point: the
 * in-process wasm host (index.ts, after the wasm has loaded) or the page's
 * worker-proxied host (browser/client.ts, at once).
 */
import type { Host } from "./backend/types.js";
import { notLoadedError } from "./errors.js";

let installed: Host | undefined;

export function installHost(host: Host): void {
  installed = host;
}

/** Whether an entry point has installed its host yet. */
export function hostInstalled(): boolean {
  return installed !== undefined;
}

/** The installed host; a clear error if the entry point has not loaded. */
export function currentHost(): Host {
  if (!installed) throw notLoadedError();
  return installed;
}
