/**
 * Runtime-wide settings, applied by the installed host: the WebSocket
 * gateway that outgoing tcp:// connections go through (required in
 * browsers and workers; optional in Node, which has real TCP).
 */
import type { HostConfiguration, InboundLimits } from "./backend/types.js";
import { gatewayBase } from "./endpoint.js";
import { typeError } from "./errors.js";
import { currentHost } from "./host.js";
import { describe } from "./options.js";
import type { WebSocketConstructor } from "./transport/websocket.js";

export interface Configuration {
  /** ws:// or wss:// base URL of a zeromq-wasm gateway; on a page also a
   * path ("/zmq") relative to the page. null: connect directly. */
  gateway?: string | URL | null;
  /** Node, Deno, Bun, workers: a WebSocket class where the runtime has
   * none built in (Node 20: the `ws` package's WebSocket). */
  WebSocket?: WebSocketConstructor;
  /** A page: another Worker to host libzmq (by default the package's
   * worker.js); before the first socket. */
  worker?: () => Worker;
  /** A page: the tabs of this origin share one libzmq host (a
   * SharedWorker), each with its own sockets; before the first socket.
   * Default false: each tab has its own Worker. */
  share?: boolean;
  /** Limits of inbound frames in progress, for the whole runtime: what a
   * peer that announces large frames and sends little may hold. */
  inbound?: InboundLimits;
}

/** Largest value the wasm side takes (a C int). */
const INT_MAX = 2 ** 31 - 1;

function inboundLimits(limits: InboundLimits): InboundLimits {
  if (typeof limits !== "object" || limits === null) throw typeError(`configure({ inbound }) takes an object, got ${describe(limits)}`);
  const checked: InboundLimits = {};
  for (const name of ["budget", "stallTimeout"] as const) {
    const value = limits[name];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0 || value > INT_MAX) {
      throw typeError(`configure({ inbound: { ${name} } }) takes an integer from 0 to ${INT_MAX}, got ${describe(value)}`);
    }
    checked[name] = value;
  }
  return checked;
}

export function configure(config: Configuration): void {
  if (typeof config !== "object" || config === null) {
    throw typeError(`configure() takes an object, got ${describe(config)}`);
  }
  const settings: HostConfiguration = {};
  if (config.WebSocket) settings.WebSocket = config.WebSocket;
  if (config.worker) settings.worker = config.worker;
  if (config.share !== undefined) {
    if (typeof config.share !== "boolean") throw typeError(`configure({ share }) takes a boolean, got ${describe(config.share)}`);
    settings.share = config.share;
  }
  if (config.inbound !== undefined) settings.inbound = inboundLimits(config.inbound);
  if ("gateway" in config) settings.gateway = config.gateway === null || config.gateway === undefined ? null : gatewayBase(config.gateway);
  currentHost().configure(settings);
}
