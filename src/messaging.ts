/**
 * Which socket types send and which receive (sockets.ts): a class exposes
 * its base's protected sendMessage / receiveMessage / messages as public
 * send / receive / async iteration, as zeromq.js does per type.
 */
import type { Frame, MessageLike } from "./frames.js";

/** A socket that can send messages of type M, with options O (as
 * zeromq.js types it: the draft sockets take options). */
export interface Writable<M extends MessageLike | MessageLike[] = MessageLike | MessageLike[], O extends [...object[]] = []> {
  /** Queues one message; an array is one multipart message. */
  send(message: M, ...options: O): Promise<void>;
}

/** A socket that can receive messages of type M (as zeromq.js types it). */
export interface Readable<M extends object[] = Frame[]> {
  /** The frames of the next message. */
  receive(): Promise<M>;
  /** `for await (const [frame] of socket)`: ends when the socket closes. */
  [Symbol.asyncIterator](): AsyncGenerator<M, undefined, undefined>;
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
