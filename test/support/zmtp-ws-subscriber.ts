/**
 * A lean ZeroMQ SUB spoken by hand (ZMTP 3.0, NULL mechanism), over a `ws`
 * WebSocket or a plain TCP socket, for load tests that hold thousands of
 * subscribers in one process: each costs a client and a small parser, not
 * a libzmq socket. It speaks the bytes a zeromq-wasm Subscriber sends:
 * greeting, READY as SUB, then one subscription message.
 */
import * as net from "node:net";
import { WebSocket } from "ws";
import { zmtpHello, zmtpServerReady } from "./tcp.ts";

export interface LeanSubscriber {
  /** Resolves once the publisher side's READY arrived and the subscription went out. */
  readonly subscribed: Promise<void>;
  /** Resolves when the connection closed. */
  readonly closed: Promise<void>;
  close(): void;
}

/** What a session needs of its connection. */
interface Wire {
  send(bytes: Buffer, sent?: () => void): void;
  onData(listener: (chunk: Buffer) => void): void;
  onError(listener: (error: Error) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

/** The SUB side of ZMTP over `wire`, once it is open: greets, subscribes
 * to `topic`, and calls onMessage with each message's frames. */
function subscribeOver(wire: Wire, opened: Promise<void>, topic: Buffer, onMessage: (frames: Buffer[]) => void): LeanSubscriber {
  let pending: Buffer = Buffer.alloc(0);
  let ready = false;
  let frames: Buffer[] = [];
  let subscribe!: () => void;
  let fail!: (error: Error) => void;
  const subscribed = new Promise<void>((resolve, reject) => {
    subscribe = resolve;
    fail = reject;
  });
  const closed = new Promise<void>((resolve) => wire.onClose(() => resolve()));
  void opened.then(() => wire.send(zmtpHello("SUB")));
  wire.onError((error) => fail(error));
  wire.onClose(() => fail(new Error("closed before subscribing")));
  wire.onData((chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    if (!ready) {
      if (!zmtpServerReady(pending)) return;
      pending = pending.subarray(66 + pending[65]);
      ready = true;
      // ZMTP 3.0 subscription: a message whose first byte is 1.
      const subscription = Buffer.concat([Buffer.from([0, topic.length + 1, 1]), topic]);
      wire.send(subscription, () => subscribe());
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
  return { subscribed, closed, close: () => wire.close() };
}

/** Subscribes to `topic` at `url` (a gateway URL naming the XPUB's
 * host:port); calls onMessage with each message's frames. */
export function leanSubscriber(url: string, topic: Buffer, onMessage: (frames: Buffer[]) => void, localAddress?: string): LeanSubscriber {
  const ws = new WebSocket(url, { localAddress, perMessageDeflate: false });
  const wire: Wire = {
    send: (bytes, sent) => ws.send(bytes, sent && (() => sent())),
    onData: (listener) => ws.on("message", listener),
    onError: (listener) => ws.once("error", listener),
    onClose: (listener) => ws.once("close", listener),
    close: () => ws.close(),
  };
  return subscribeOver(wire, new Promise((resolve) => ws.once("open", () => resolve())), topic, onMessage);
}

/** Subscribes to `topic` at an XPUB's host:port over plain TCP. */
export function leanTcpSubscriber(host: string, port: number, topic: Buffer, onMessage: (frames: Buffer[]) => void): LeanSubscriber {
  const socket = net.connect({ host, port });
  const wire: Wire = {
    send: (bytes, sent) => void socket.write(bytes, sent && (() => sent())),
    onData: (listener) => socket.on("data", listener),
    onError: (listener) => socket.once("error", listener),
    onClose: (listener) => socket.once("close", listener),
    close: () => socket.end(),
  };
  return subscribeOver(wire, new Promise((resolve) => socket.once("connect", () => resolve())), topic, onMessage);
}
