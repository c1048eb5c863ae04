/**
 * One libzmq per Node process, as zeromq.js has: the first thread to load
 * zeromq-wasm hosts libzmq, and worker threads it starts afterwards (and
 * theirs) use it through the same remote host a page uses
 * (backend/remote.ts, served by serve-host.ts), so they share its default
 * context and reach its inproc:// endpoints.
 *
 * The hosting thread leaves a link in worker_threads' environment data,
 * which Node copies into every worker started after it: a BroadcastChannel
 * name to say hello on, libzmq's version, and the shared memory where the
 * default context's options are published. Each worker then talks to the
 * host on a channel of its own. Channels are unref'd: they never keep a
 * thread alive, except a worker's while it waits for an answer. The host
 * learns that a worker ended from the Worker object's "exit" (process
 * "worker" event, in whichever thread started it), and closes its sockets.
 */
import { type Endpoint } from "comlink";
import { getEnvironmentData, isMainThread, setEnvironmentData, threadId } from "node:worker_threads";
import { RemoteHost } from "./backend/remote.js";
import { sharedContextValues } from "./backend/shared-context.js";
import type { WasmContext } from "./backend/wasm-context.js";
import { WasmHost } from "./backend/wasm-host.js";
import { context, contextBackend } from "./context.js";
import { currentHost, installHost } from "./host.js";
import { startInProcessNow, type Started } from "./in-process.js";
import { loadLazily } from "./runtime/load.js";
import { loadPlatformNow } from "./runtime/load-node.js";
import { nodeItself } from "./runtime/platform.js";
import { serveHost, type Served } from "./serve-host.js";

const LINK = "zeromq-wasm/host";

interface Link {
  /** The hosting thread's hello channel. */
  channel: string;
  version: string;
  values: SharedArrayBuffer;
}

type Hello = { hello: string; thread: number } | { gone: number };


/** Starts zeromq-wasm in this thread: a client of the process's host if
 * this is a worker started after one, the host otherwise. */
export function startThisThread(): Started {
  // Deno's and Bun's worker_threads differ (channels that cannot be
  // unref'd, no Worker "exit" for web Workers): there each thread keeps a
  // libzmq of its own.
  if (!nodeItself) return startInProcessNow("nothreads", loadPlatformNow);
  const link = isMainThread ? undefined : (getEnvironmentData(LINK) as Link | undefined);
  return link ? join(link) : host();
}

function host(): Started {
  const started = startInProcessNow("nothreads", loadPlatformNow);
  const wasmHost = currentHost() as WasmHost;
  const values = sharedContextValues();
  wasmHost.shareDefaultContext(values);
  const link: Link = { channel: `zeromq-wasm:${process.pid}:${threadId}`, version: started.version, values: values.buffer as SharedArrayBuffer };
  setEnvironmentData(LINK, link);

  const clients = new Map<number, { channel: BroadcastChannel; served: Served }>();
  const gone = (thread: number) => {
    const client = clients.get(thread);
    if (!client) return;
    clients.delete(thread);
    closed.add(client.channel);
    client.channel.close();
    client.served.close();
  };
  const door = unref(new BroadcastChannel(link.channel));
  door.onmessage = (event) => {
    const message = (event as MessageEvent<Hello>).data;
    if ("gone" in message) return gone(message.gone);
    gone(message.thread);
    const channel = unref(new BroadcastChannel(message.hello));
    const shared = () => contextBackend(context) as WasmContext;
    clients.set(message.thread, { channel, served: serveHost(Promise.resolve(wasmHost), endpoint(channel), shared) });
    channel.postMessage({ zeromqWasmReady: true });
  };
  watchWorkers(gone);
  return started;
}

function join(link: Link): Started {
  const door = unref(new BroadcastChannel(link.channel));
  const channel = unref(new BroadcastChannel(`${link.channel}:${threadId}`));
  installHost(new RemoteHost(() => clientEndpoint(channel, door) as unknown as Worker, { network: true, sharedValues: new Int32Array(link.values) }));
  // curveKeyPair() and z85 need libzmq synchronously: a local copy, loaded
  // only if they are called.
  loadLazily("nothreads", loadPlatformNow);
  watchWorkers((thread) => door.postMessage({ gone: thread } satisfies Hello));
  return { ready: Promise.resolve(), version: link.version };
}

/** Tells `gone` when a worker this thread starts has ended. */
function watchWorkers(gone: (thread: number) => void): void {
  process.on("worker", (worker) => {
    const thread = worker.threadId;
    worker.once("exit", () => gone(thread));
  });
}

function unref(channel: BroadcastChannel): BroadcastChannel {
  (channel as BroadcastChannel & { unref(): void }).unref();
  return channel;
}

/** Channels to workers that have gone. */
const closed = new WeakSet<BroadcastChannel>();

function endpoint(channel: BroadcastChannel): Endpoint {
  return {
    // Answers to a worker that has gone (its calls settle as its sockets close) go nowhere.
    postMessage: (message: unknown) => void (closed.has(channel) || channel.postMessage(message)),
    addEventListener: channel.addEventListener.bind(channel) as Endpoint["addEventListener"],
    removeEventListener: channel.removeEventListener.bind(channel) as Endpoint["removeEventListener"],
  };
}

/**
 * The worker's end: says hello to the host and holds its calls until the
 * host listens on this channel (a BroadcastChannel message reaches only
 * those listening when it is sent); keeps the thread alive while a call
 * waits for its answer, as a pending zeromq.js call does.
 */
function clientEndpoint(channel: BroadcastChannel, door: BroadcastChannel): Endpoint {
  const ref = channel as BroadcastChannel & { ref(): void; unref(): void };
  let queued: unknown[] | undefined = [];
  const waiting = new Set<string>();
  channel.addEventListener("message", (event) => {
    const data = (event as MessageEvent<{ id?: string; zeromqWasmReady?: true }>).data;
    if (data.zeromqWasmReady && queued) {
      for (const message of queued) channel.postMessage(message);
      queued = undefined;
    } else if (data.id !== undefined && waiting.delete(data.id) && waiting.size === 0) {
      ref.unref();
    }
  });
  door.postMessage({ hello: channel.name, thread: threadId } satisfies Hello);
  return {
    ...endpoint(channel),
    postMessage(message: { id?: string }) {
      if (message.id !== undefined) {
        if (waiting.size === 0) ref.ref();
        waiting.add(message.id);
      }
      if (queued) queued.push(message);
      else channel.postMessage(message);
    },
  };
}
