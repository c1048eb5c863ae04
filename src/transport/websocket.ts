/**
 * ZMTP over WebSockets to a gateway: each outgoing tcp://host:port becomes
 * one WebSocket to `<gateway>/<host>:<port>` (IPv6 as `[addr]:port`), binary
 * messages carrying the raw ZMTP byte stream both ways. This URL shape is a
 * public contract (see README, "The gateway wire contract").
 */
import type { Endpoint, Listener, Stream, StreamSink, Transport } from "./types.js";

/** The standard WebSocket constructor (browsers, Deno, Bun, Node 22+) or a
 * compatible one (the `ws` package). */
export type WebSocketConstructor = new (url: string) => WebSocket;

/** Above this many queued bytes, writes report backpressure. */
const HIGH_WATER = 1 << 20;
const LOW_WATER = 1 << 18;

/** The gateway URL for one target. */
export function gatewayUrl(gateway: string, target: Endpoint): string {
  const host = target.host.includes(":") ? `[${target.host}]` : target.host;
  return `${gateway.replace(/\/+$/, "")}/${host}:${target.port}`;
}

export class WebSocketTransport implements Transport {
  readonly name = "websocket";

  constructor(
    private readonly gateway: string,
    private readonly WebSocketImpl: WebSocketConstructor,
  ) {}

  connect(target: Endpoint, sink: StreamSink): Stream {
    const ws = new this.WebSocketImpl(gatewayUrl(this.gateway, target));
    ws.binaryType = "arraybuffer";
    let open = false;
    let watching = false;
    ws.onopen = () => {
      open = true;
      sink.opened();
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data === "string") {
        // The contract is binary only: a text frame is not ZMTP.
        sink.failed("EPROTO");
        ws.close(1003, "binary messages only");
        return;
      }
      sink.data(new Uint8Array(event.data as ArrayBuffer));
    };
    // A close before open is a refusal (403 from the gateway, no route, ...).
    ws.onclose = () => (open ? sink.ended() : sink.failed("ECONNREFUSED"));
    ws.onerror = () => {};
    // WebSockets have no 'drain' event: watch bufferedAmount while it is high
    // or until what we wrote has left.
    const watch = () => {
      if (watching) return;
      watching = true;
      const tick = () => {
        if (ws.readyState !== ws.OPEN) return void (watching = false);
        if (ws.bufferedAmount > LOW_WATER) return void setTimeout(tick, 1);
        watching = false;
        sink.drained();
        if (ws.bufferedAmount === 0) sink.flushed();
        else watch();
      };
      setTimeout(tick, 0);
    };
    return {
      write(chunk) {
        if (ws.readyState !== ws.OPEN) return true; // closing: libzmq sees the close next
        ws.send(chunk);
        watch();
        return ws.bufferedAmount < HIGH_WATER;
      },
      // A WebSocket cannot stop receiving: the host holds what does not fit.
      pause() {},
      resume() {},
      end() {
        ws.close(1000);
      },
    };
  }

  listen(): Listener {
    const error = new Error(
      "A browser cannot accept TCP connections: bind in a Node peer and connect to it, or use inproc://",
    ) as Error & { code: string };
    error.code = "EOPNOTSUPP";
    throw error;
  }
}
