/**
 * ZMTP over WebSockets to a gateway: each outgoing tcp://host:port becomes
 * one WebSocket to `<gateway>/<host>:<port>` (IPv6 as `[addr]:port`), binary
 * messages carrying the raw ZMTP byte stream both ways. This URL shape is a
 * public contract (see README, "The gateway wire contract").
 */
import { pipeConnection } from "./byte-streams.js";
import type { Endpoint, Stream, StreamSink, Transport } from "./types.js";

/** The standard WebSocket constructor (browsers, Deno, Bun, Node 22+) or a
 * compatible one (the `ws` package). */
export type WebSocketConstructor = new (url: string) => WebSocket;

/** WebSocketStream (Chromium): a WebSocket whose reads can wait, so a slow
 * reader pushes back through TCP to the gateway and on to the publisher. */
interface WebSocketStreamLike {
  opened: Promise<{ readable: ReadableStream<ArrayBuffer | string>; writable: WritableStream<Uint8Array> }>;
  closed: Promise<unknown>;
  close(info?: { closeCode?: number; reason?: string }): void;
}
type WebSocketStreamConstructor = new (url: string) => WebSocketStreamLike;

/** Above this many queued bytes, writes report backpressure. */
const HIGH_WATER = 1 << 20;
const LOW_WATER = 1 << 18;

/** The gateway URL for one target: the target goes at the end of the
 * gateway's path; a query (a browser's ?token=) stays a query. */
export function gatewayUrl(gateway: string, target: Endpoint): string {
  const host = target.host.includes(":") ? `[${target.host}]` : target.host;
  const url = new URL(gateway);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${host}:${target.port}`;
  return url.href;
}

export class WebSocketTransport implements Transport {
  readonly name = "websocket";

  constructor(
    private readonly gateway: string,
    private readonly WebSocketImpl: WebSocketConstructor,
    private readonly StreamImpl?: WebSocketStreamConstructor,
  ) {}

  connect(target: Endpoint, sink: StreamSink): Stream {
    const url = gatewayUrl(this.gateway, target);
    return this.StreamImpl ? connectStream(new this.StreamImpl(url), sink) : this.connectSocket(url, sink);
  }

  /** A plain WebSocket cannot stop receiving: a slow reader's bytes wait in
   * the host's backlog (see Host's bound on it). */
  private connectSocket(url: string, sink: StreamSink): Stream {
    const ws = new this.WebSocketImpl(url);
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

  /** The WebSocketStream class to use where the runtime has one. */
  static streamClass(): WebSocketStreamConstructor | undefined {
    return (globalThis as { WebSocketStream?: WebSocketStreamConstructor }).WebSocketStream;
  }
}

/** One connection over WebSocketStream (its reads can wait: backpressure
 * reaches the gateway). */
function connectStream(wss: WebSocketStreamLike, sink: StreamSink): Stream {
  return pipeConnection(
    {
      opened: wss.opened,
      closed: wss.closed,
      close: (refuse) => wss.close(refuse ? { closeCode: refuse.code, reason: refuse.reason } : { closeCode: 1000 }),
      // No open: refused (403 from the gateway, no route, ...).
      refusal: () => "ECONNREFUSED",
    },
    sink,
  );
}
