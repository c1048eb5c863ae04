/**
 * The transport to a WebSocket gateway, built from a gateway URL and the
 * runtime's WebSocket: WebSocketStream where the runtime has one (its reads
 * can wait, so a slow reader pushes back to the publisher), unless a
 * WebSocket class is given explicitly (Node 20: the `ws` package's).
 */
import { makeError } from "../errors.js";
import { WebSocketTransport, type WebSocketConstructor } from "../transport/websocket.js";

/** url: a base from gatewayBase() (endpoint.ts). */
export function gatewayTransport(url: string, WebSocketClass?: WebSocketConstructor): WebSocketTransport {
  const WebSocketImpl = WebSocketClass ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WebSocketImpl) {
    throw makeError(
      "This runtime has no WebSocket class: pass one, e.g. configure({ gateway, WebSocket }) with WebSocket from the 'ws' package",
      "EINVAL",
    );
  }
  return new WebSocketTransport(url, WebSocketImpl, WebSocketClass ? undefined : WebSocketTransport.streamClass());
}
