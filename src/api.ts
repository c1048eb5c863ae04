/**
 * The public API every entry point shares: the socket classes, Proxy,
 * Context and configure(), and the public types. An entry (index.ts for
 * Node, Deno, Bun and workers; browser/client.ts for pages) re-exports this
 * after installing its host, and adds what only it has.
 */
export { capability } from "./capability.js";
export { configure, type Configuration } from "./configure.js";
export { Context, context } from "./context.js";
export { Socket, type ConnectOptions } from "./socket.js";
export { Proxy } from "./proxy.js";
export { Observer, type Event, type EventOfType, type EventType, type EventSubscriber } from "./observer.js";
export {
  Pair,
  Publisher,
  Subscriber,
  Request,
  Reply,
  Dealer,
  Router,
  Pull,
  Push,
  XPublisher,
  XSubscriber,
  Stream,
  type Options,
  type SocketOptionsOf as SocketOptions,
  type Readable,
  type Writable,
  type RouterConnectOptions,
  type StreamConnectOptions,
} from "./sockets.js";
export type { BytesFrame, Frame, Frame as Message, MessageLike } from "./frames.js";
export type { ZmqError } from "./errors.js";
export type { ContextOptions, SocketOptionName } from "./options.js";
