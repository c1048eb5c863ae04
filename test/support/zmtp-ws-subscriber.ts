/**
 * A lean ZeroMQ SUB spoken by hand over a `ws` WebSocket (ZMTP 3.0, NULL
 * mechanism), for load tests that hold thousands of subscribers in one
 * process: each costs a ws client and a small parser, not a libzmq socket.
 * It speaks the same bytes a zeromq-wasm Subscriber sends through the
 * gateway: greeting, READY as SUB, then one subscription message.
 */
import { WebSocket } from "ws";
import { zmtpHello, zmtpServerReady } from "./tcp.ts";

export interface LeanSubscriber {
  /** Resolves once the publisher side's READY arrived and the subscription went out. */
  readonly subscribed: Promise<void>;
  /** Resolves when the WebSocket closed. */
  readonly closed: Promise<void>;
  close(): void;
}

/** Subscribes to `topic` at `url` (a gateway URL naming the XPUB's
 * host:port); calls onMessage with each message's frames. */
export function leanSubscriber(url: string, topic: Buffer, onMessage: (frames: Buffer[]) => void, localAddress?: string): LeanSubscriber {
  const ws = new WebSocket(url, { localAddress, perMessageDeflate: false });
  let pending: Buffer = Buffer.alloc(0);
  let ready = false;
  let frames: Buffer[] = [];
  let subscribe!: () => void;
  let fail!: (error: Error) => void;
  const subscribed = new Promise<void>((resolve, reject) => {
    subscribe = resolve;
    fail = reject;
  });
  const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));
  ws.once("open", () => ws.send(zmtpHello("SUB")));
  ws.once("error", (error) => fail(error));
  ws.once("close", () => fail(new Error("closed before subscribing")));
  ws.on("message", (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    if (!ready) {
      if (!zmtpServerReady(pending)) return;
      pending = pending.subarray(66 + pending[65]);
      ready = true;
      // ZMTP 3.0 subscription: a message whose first byte is 1.
      const subscription = Buffer.concat([Buffer.from([0, topic.length + 1, 1]), topic]);
      ws.send(subscription, () => subscribe());
    }
    // Frames: flags (1 MORE, 2 LONG, 4 COMMAND), size (1 or 8 bytes), body.
    let at = 0;
    while (pending.length - at >= 2) {
      const flags = pending[at];
      const long = (flags & 2) !== 0;
      const headerBytes = long ? 9 : 2;
      if (pending.length - at < headerBytes) break;
      const size = long ? Number(pending.readBigUInt64BE(at + 1)) : pending[at + 1];
      if (pending.length - at < headerBytes + size) break;
      const body = pending.subarray(at + headerBytes, at + headerBytes + size);
      at += headerBytes + size;
      if (flags & 4) continue; // a command (PING, ...): nothing to deliver
      frames.push(body);
      if (!(flags & 1)) {
        onMessage(frames);
        frames = [];
      }
    }
    pending = at === pending.length ? Buffer.alloc(0) : Buffer.from(pending.subarray(at));
  });
  return { subscribed, closed, close: () => ws.close() };
}
