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

/** The WebSocket class last given to configure(), for later gateways too. */
let givenWebSocket: WebSocketConstructor | undefined;

export function configure(config: Configuration): void {
  if (config.WebSocket) givenWebSocket = config.WebSocket;
  if (!("gateway" in config)) return;
  const gateway = config.gateway === null || config.gateway === undefined ? undefined : gatewayTransport(config.gateway, config.WebSocket);
  runtime().host.useGateway(gateway);
}

/** A transport to the gateway at url (validated). WebSocketStream where the
 * runtime has one (it carries backpressure), unless a WebSocket class is
 * given explicitly. */
export function gatewayTransport(gateway: string | URL, WebSocketClass = givenWebSocket): WebSocketTransport {
  const url = String(gateway);
  if (!/^wss?:\/\/[^/]/.test(url)) {
    throw makeError(`The gateway must be a ws:// or wss:// URL, got ${JSON.stringify(url)}`, "EINVAL");
  }
  const WebSocketImpl = WebSocketClass ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WebSocketImpl) {
    throw makeError(
      "This runtime has no WebSocket class: pass one, e.g. configure({ gateway, WebSocket }) with WebSocket from the 'ws' package",
      "EINVAL",
    );
  }
  return new WebSocketTransport(url, WebSocketImpl, WebSocketClass ? undefined : WebSocketTransport.streamClass());
}
