/**
 * What a libzmq host tells a page's inspector about every socket it holds
 * for its clients (a shared host's tabs, serve-host.ts): the panel lists the
 * page's own sockets in detail (inspect/registry.ts) and the other tabs'
 * from this. The page's client bundle installs the call that fetches it
 * under a registered symbol, so that zeromq-wasm/inspector (a separate
 * bundle) finds it without importing the client.
 */
import type { HostInspection } from "../backend/protocol.js";

export type { HostFeed, HostInspection, HostSocket } from "../backend/protocol.js";

/** The client bundle's call: undefined where the page's host is not shared
 * or not started (nothing to add to the page's own sockets). */
export type HostInspector = () => Promise<HostInspection> | undefined;

const KEY = Symbol.for("zeromq-wasm.host-inspection");

export function installHostInspector(inspector: HostInspector): void {
  (globalThis as { [KEY]?: HostInspector })[KEY] = inspector;
}

export function hostInspector(): HostInspector | undefined {
  return (globalThis as { [KEY]?: HostInspector })[KEY];
}
