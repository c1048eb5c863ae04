/**
 * Which socket types send and which receive (sockets.ts): a class exposes
 * its base's protected sendMessage / receiveMessage / messages as public
 * send / receive / async iteration, as zeromq.js does per type.
 */
import type { Frame, MessageLike } from "./frames.js";

/** A socket that can send. */
export interface Writable {
  /** Queues one message; an array is one multipart message. */
  send(message: MessageLike | MessageLike[]): Promise<void>;
}

/** A socket that can receive. */
export interface Readable {
  /** The frames of the next message. */
  receive(): Promise<Frame[]>;
  /** `for await (const [frame] of socket)`: ends when the socket closes. */
  [Symbol.asyncIterator](): AsyncGenerator<Frame[], undefined, undefined>;
}

interface Messaging {
  sendMessage(message: MessageLike | MessageLike[]): Promise<void>;
  receiveMessage(): Promise<Frame[]>;
  messages(): AsyncGenerator<Frame[], undefined, undefined>;
}

export function allowMessaging(cls: { prototype: object }, base: object, can: { send: boolean; receive: boolean }): void {
  const proto = base as Messaging;
  const define = (key: PropertyKey, value: unknown) =>
    Object.defineProperty(cls.prototype, key, { value, writable: true, configurable: true });
  if (can.send) define("send", proto.sendMessage);
  if (can.receive) {
    define("receive", proto.receiveMessage);
    define(Symbol.asyncIterator, proto.messages);
  }
}
