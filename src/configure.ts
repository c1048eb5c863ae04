/**
 * Runtime-wide settings, applied by the installed host: the WebSocket
 * gateway that outgoing tcp:// connections go through (required in
 * browsers and workers; optional in Node, which has real TCP).
 */
import type { HostConfiguration } from "./backend/types.js";
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
}

export function configure(config: Configuration): void {
  if (typeof config !== "object" || config === null) {
    throw typeError(`configure() takes an object, got ${describe(config)}`);
  }
  const settings: HostConfiguration = {};
  if (config.WebSocket) settings.WebSocket = config.WebSocket;
  if (config.worker) settings.worker = config.worker;
  if ("gateway" in config) settings.gateway = config.gateway === null || config.gateway === undefined ? null : gatewayBase(config.gateway);
  currentHost().configure(settings);
}
