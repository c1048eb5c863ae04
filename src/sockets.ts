/**
 * The socket types, as in zeromq.js v6: each class picks which operations
 * it has (send, receive, subscribe, ...) and which options (typed from the
 * table in options.ts). All behaviour lives in socket.ts.
 */
import type { Context } from "./context.js";
import type { Frame, MessageLike } from "./frames.js";
import {
  DEALER,
  PAIR,
  PUB,
  PULL,
  PUSH,
  REP,
  REQ,
  ROUTER,
  SUB,
  XPUB,
  XSUB,
  type SocketOptionProperties,
  type SocketOptions,
} from "./options.js";
import { Socket } from "./socket.js";

export type Options<T extends number> = SocketOptions<T> & { context?: Context };

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

type Method = "send" | "receive";

/** Exposes the protected send/receive of Socket on a class's prototype. */
function allow(cls: { prototype: object }, methods: Method[]): void {
  const proto = Socket.prototype as unknown as {
    sendMessage(m: MessageLike | MessageLike[]): Promise<void>;
    receiveMessage(): Promise<Frame[]>;
    messages(): AsyncGenerator<Frame[], undefined, undefined>;
  };
  const define = (key: PropertyKey, value: unknown) =>
    Object.defineProperty(cls.prototype, key, { value, writable: true, configurable: true });
  for (const method of methods) {
    if (method === "send") define("send", proto.sendMessage);
    else {
      define("receive", proto.receiveMessage);
      define(Symbol.asyncIterator, proto.messages);
    }
  }
}

export class Pair extends Socket {
  constructor(options: Options<typeof PAIR> = {}) {
    super(PAIR, options);
  }
}
export interface Pair extends Writable, Readable, SocketOptionProperties<typeof PAIR> {}
allow(Pair, ["send", "receive"]);

export class Publisher extends Socket {
  constructor(options: Options<typeof PUB> = {}) {
    super(PUB, options);
  }
}
export interface Publisher extends Writable, SocketOptionProperties<typeof PUB> {}
allow(Publisher, ["send"]);

export class Subscriber extends Socket {
  constructor(options: Options<typeof SUB> = {}) {
    super(SUB, options);
  }

  /** Receive messages that start with any of the prefixes; no argument:
   * every message. A new Subscriber receives nothing until it subscribes. */
  subscribe(...prefixes: Array<string | Uint8Array>): void {
    this.setSubscription(true, prefixes);
  }

  /** Undo subscribe() for these prefixes (no argument: the "everything"
   * subscription). */
  unsubscribe(...prefixes: Array<string | Uint8Array>): void {
    this.setSubscription(false, prefixes);
  }
}
export interface Subscriber extends Readable, SocketOptionProperties<typeof SUB> {}
allow(Subscriber, ["receive"]);

export class Request extends Socket {
  constructor(options: Options<typeof REQ> = {}) {
    super(REQ, options);
  }
}
export interface Request extends Writable, Readable, SocketOptionProperties<typeof REQ> {}
allow(Request, ["send", "receive"]);

export class Reply extends Socket {
  constructor(options: Options<typeof REP> = {}) {
    super(REP, options);
  }
}
export interface Reply extends Writable, Readable, SocketOptionProperties<typeof REP> {}
allow(Reply, ["send", "receive"]);

export class Dealer extends Socket {
  constructor(options: Options<typeof DEALER> = {}) {
    super(DEALER, options);
  }
}
export interface Dealer extends Writable, Readable, SocketOptionProperties<typeof DEALER> {}
allow(Dealer, ["send", "receive"]);

export interface RouterConnectOptions {
  /** The routing id this Router gives the peer (ZMQ_CONNECT_ROUTING_ID). */
  routingId?: string | Uint8Array;
}

export class Router extends Socket {
  constructor(options: Options<typeof ROUTER> = {}) {
    super(ROUTER, options);
  }

  override connect(address: string, options: RouterConnectOptions = {}): void {
    this.connectWithRoutingId(address, options.routingId);
  }
}
export interface Router extends Writable, Readable, SocketOptionProperties<typeof ROUTER> {}
allow(Router, ["send", "receive"]);

export class Pull extends Socket {
  constructor(options: Options<typeof PULL> = {}) {
    super(PULL, options);
  }
}
export interface Pull extends Readable, SocketOptionProperties<typeof PULL> {}
allow(Pull, ["receive"]);

export class Push extends Socket {
  constructor(options: Options<typeof PUSH> = {}) {
    super(PUSH, options);
  }
}
export interface Push extends Writable, SocketOptionProperties<typeof PUSH> {}
allow(Push, ["send"]);

/** A Publisher that also receives its subscribers' subscriptions: frames
 * starting with byte 1 (subscribe) or 0 (unsubscribe), then the prefix. */
export class XPublisher extends Socket {
  constructor(options: Options<typeof XPUB> = {}) {
    super(XPUB, options);
  }
}
export interface XPublisher extends Writable, Readable, SocketOptionProperties<typeof XPUB> {}
allow(XPublisher, ["send", "receive"]);

/** A Subscriber that subscribes by sending [1, ...prefix] (0 to
 * unsubscribe), for building proxies. */
export class XSubscriber extends Socket {
  constructor(options: Options<typeof XSUB> = {}) {
    super(XSUB, options);
  }
}
export interface XSubscriber extends Writable, Readable, SocketOptionProperties<typeof XSUB> {}
allow(XSubscriber, ["send", "receive"]);
