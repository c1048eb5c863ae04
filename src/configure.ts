/**
 * Runtime-wide settings. Today: the WebSocket gateway that outgoing tcp://
 * connections go through (required in browsers and workers; optional in
 * Node, which has real TCP).
 */
import { makeError } from "./errors.js";
import { runtime } from "./runtime/load.js";
import { WebSocketTransport, type WebSocketConstructor } from "./transport/websocket.js";

export interface Configuration {
  /** ws:// or wss:// base URL of a zeromq-wasm gateway; null: connect directly. */
  gateway?: string | URL | null;
  /** A WebSocket class where the runtime has none built in (Node 20: the
   * `ws` package's WebSocket). */
  WebSocket?: WebSocketConstructor;
}

export function configure(config: Configuration): void {
  if (!("gateway" in config)) return;
  const { host } = runtime();
  if (config.gateway === null || config.gateway === undefined) {
    host.useGateway(undefined);
    return;
  }
  const url = String(config.gateway);
  if (!/^wss?:\/\/[^/]/.test(url)) {
    throw makeError(`The gateway must be a ws:// or wss:// URL, got ${JSON.stringify(url)}`, "EINVAL");
  }
  const WebSocketImpl = config.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WebSocketImpl) {
    throw makeError(
      "This runtime has no WebSocket class: pass one, e.g. configure({ gateway, WebSocket }) with WebSocket from the 'ws' package",
      "EINVAL",
    );
  }
  // WebSocketStream where there is one (it carries backpressure), unless a
  // WebSocket class was given explicitly.
  host.useGateway(new WebSocketTransport(url, WebSocketImpl, config.WebSocket ? undefined : WebSocketTransport.streamClass()));
}
