/**
 * zeromq-wasm on a web page: the same socket classes as everywhere
 * (socket.ts, sockets.ts, proxy.ts, context.ts), backed by the Worker host
 * (worker.ts) over comlink. This entry only installs that host and adds
 * what must be async on a page: ready(), version(), curveKeyPair(), stats().
 * Sockets can be used at once: calls wait in order until the worker has
 * loaded libzmq.
 */
import { RemoteHost } from "../backend/remote.js";
import { installHost } from "../host.js";
import { installHostInspector } from "../inspect/host-inspection.js";
import { LeaderElection } from "./leader-host.js";
import { SharedHostEndpoint } from "./shared-host.js";

/** Without SharedWorker: this tab's part in electing a leader tab. */
let election: LeaderElection | undefined;

/** Where the Worker host scripts are; bundlers (Vite) resolve these URLs.
 * The SharedWorker one serves configure({ share: true }). */
const host = new RemoteHost(
  () => new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "zeromq-wasm" }),
  {},
  (lost) =>
    new SharedHostEndpoint(
      typeof SharedWorker !== "undefined"
        ? () => new SharedWorker(new URL("./shared-worker.js", import.meta.url), { type: "module", name: "zeromq-wasm" }).port
        : () => (election ??= new LeaderElection(() => new Worker(new URL("./shared-worker.js", import.meta.url), { type: "module", name: "zeromq-wasm" }))).open(),
      lost,
    ),
);
installHost(host);
// For zeromq-wasm/inspector: the other tabs' sockets on a shared host.
installHostInspector(() => host.inspectShared());

/** Resolves when the worker has loaded libzmq; rejects with a clear error
 * if it cannot (the worker or the wasm failed to load). */
export async function ready(): Promise<void> {
  await host.ready();
}

/** The libzmq version in the worker, e.g. "4.3.4". */
export async function version(): Promise<string> {
  return (await host.ready()).version;
}

/** A CURVE key pair made in the worker by libzmq. */
export async function curveKeyPair(): Promise<{ publicKey: string; secretKey: string }> {
  return host.api().curveKeyPair();
}

/** Diagnostics: network connections in the worker and inbound bytes it
 * holds in JS (bounded; see README, flow control), and how many tabs use
 * that worker (more than 1 only with configure({ share: true })). Shared,
 * the figures are the whole host's, and sharedFeeds counts the upstream
 * connections its Subscribers share and the Subscribers on them. */
export async function stats(): Promise<{ connections: number; backlogBytes: number; tabs: number; sharedFeeds?: { feeds: number; sockets: number } }> {
  const { tabs = 1, ...figures } = await host.api().stats();
  return { ...figures, tabs };
}

export * from "../api.js";
/** For zeromq-wasm/draft (browser/draft.ts): a page's modules share this one bundle. */
export * from "../draft-sockets.js";
/** The page entry's former name for Configuration. */
export type { Configuration as ClientConfiguration } from "../configure.js";
