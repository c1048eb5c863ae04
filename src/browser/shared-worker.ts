/**
 * The SharedWorker host (configure({ share: true })): one libzmq for all
 * the tabs of an origin. Each tab that connects is served on its own port
 * (serve-host.ts) with its own sockets, contexts and replies, on the one
 * WasmHost loaded here once. A tab's sockets are closed when it goes: it
 * holds a lock for its life, which this host asks for (browser/shared-host.ts).
 * Where a browser has no SharedWorker, the leader tab runs this script as a
 * dedicated Worker (browser/leader-host.ts).
 */
import { WasmHost } from "../backend/wasm-host.js";
import { load } from "../runtime/load.js";
import { serveHost } from "../serve-host.js";
import type { HostHello, TabHello, TabLockHeld } from "./shared-host.js";

// As in the dedicated worker (worker.ts): the build without threads, which
// needs neither SharedArrayBuffer nor nested workers.
const loaded = load("nothreads").then((runtime) => new WasmHost(runtime));

/** Held for the host's life: tabs queue for it to learn of its loss. */
const hostLock = `zeromq-wasm/host/${crypto.randomUUID()}`;
const held = new Promise<void>((granted) => {
  void navigator.locks.request(hostLock, () => {
    granted();
    return new Promise(() => {});
  });
});

/** A tab says it holds its lock within milliseconds of its first message;
 * one that has not by then died before it could (its sockets are closed).
 * The script's URL may shorten it (?tabLockWaitMs=N), for tests. */
const TAB_LOCK_WAIT_MS = Number(new URL(import.meta.url).searchParams.get("tabLockWaitMs")) || 30_000;

let tabs = 0;

/** Serves the tab at once; watches its lock once the tab holds it. */
function serveTab(port: MessagePort, tab: string): void {
  tabs++;
  // Subscribers of all tabs share one upstream connection per endpoint.
  const served = serveHost(loaded, port, undefined, { shareSubscriberConnections: true, tabs: () => tabs });
  const gone = () => {
    tabs--;
    served.close();
    port.close();
  };
  const neverHeld = setTimeout(gone, TAB_LOCK_WAIT_MS);
  const lockHeld = (message: MessageEvent<Partial<TabLockHeld> | undefined>) => {
    if (message.data?.zwsTabHeld !== tab) return;
    port.removeEventListener("message", lockHeld);
    clearTimeout(neverHeld);
    // Granted once the tab's document is gone (closed, crashed, reloaded).
    void navigator.locks.request(tab, gone);
  };
  port.addEventListener("message", lockHeld);
}

/** A tab's port: its first message names the tab's lock. */
function accept(port: MessagePort): void {
  const hello = (message: MessageEvent<Partial<TabHello> | undefined>) => {
    const tab = message.data?.zwsTab;
    if (!tab) return;
    port.removeEventListener("message", hello);
    serveTab(port, tab);
    void held.then(() => port.postMessage({ zwsHost: hostLock } satisfies HostHello));
  };
  port.addEventListener("message", hello);
  port.start();
}

// Tabs come as a SharedWorker's connections, or, where the browser has no
// SharedWorker, as ports the leader tab posts to this dedicated Worker
// (browser/leader-host.ts).
const scope = globalThis as unknown as { onconnect: (event: MessageEvent) => void; onmessage: (event: MessageEvent) => void };
scope.onconnect = (event) => accept(event.ports[0]!);
scope.onmessage = (event: MessageEvent<{ zwsConnect?: true } | undefined>) => {
  if (event.data?.zwsConnect) accept(event.ports[0]!);
};
