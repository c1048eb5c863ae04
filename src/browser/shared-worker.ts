/**
 * The SharedWorker host (configure({ share: true })): one libzmq for all
 * the tabs of an origin. Each tab that connects is served on its own port
 * (serve-host.ts) with its own sockets, contexts and replies, on the one
 * WasmHost loaded here once. A tab's sockets are closed when it goes: it
 * holds a lock for its life, which this host asks for (browser/shared-host.ts).
 */
import { WasmHost } from "../backend/wasm-host.js";
import { load } from "../runtime/load.js";
import { serveHost } from "../serve-host.js";
import type { HostHello, TabHello } from "./shared-host.js";

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

let tabs = 0;

function serveTab(port: MessagePort, tab: string): void {
  tabs++;
  const served = serveHost(loaded, port, undefined, () => tabs);
  // Granted once the tab's document is gone (closed, crashed, reloaded).
  void navigator.locks.request(tab, () => {
    tabs--;
    served.close();
    port.close();
  });
}

(globalThis as unknown as { onconnect: (event: MessageEvent) => void }).onconnect = (event) => {
  const port = event.ports[0]!;
  const hello = (message: MessageEvent<Partial<TabHello> | undefined>) => {
    const tab = message.data?.zwsTab;
    if (!tab) return;
    port.removeEventListener("message", hello);
    serveTab(port, tab);
    void held.then(() => port.postMessage({ zwsHost: hostLock } satisfies HostHello));
  };
  port.addEventListener("message", hello);
  port.start();
};
