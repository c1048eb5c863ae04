/**
 * The socket types, as in zeromq.js v6: each class picks which operations
 * it has (send, receive, subscribe, ...) and which options (typed from the
 * table in options.ts). All behaviour lives in socket.ts; every host (Node,
 * a page, a worker) uses these same classes.
 */
import type { Context } from "./context.js";
import { allowMessaging, type Readable, type Writable } from "./messaging.js";
import {
  DEALER,
  PAIR,
  PUB,
  PULL,
  PUSH,
  REP,
  REQ,
  ROUTER,
  STREAM,
  SUB,
  XPUB,
  XSUB,
  type SocketOptionProperties,
  type SocketOptions,
} from "./options.js";
import { Socket, type ConnectOptions } from "./socket.js";

export type Options<T extends number> = SocketOptions<T> & { context?: Context };

type IfEqual<X, Y, Then> = (<V>() => V extends X ? 1 : 2) extends <V>() => V extends Y ? 1 : 2 ? Then : never;
/** The properties of T that are data (not methods) and not readonly. */
type AssignableKeys<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? never : IfEqual<{ [P in K]: T[K] }, { -readonly [P in K]: T[K] }, K>;
}[keyof T];

/** What `new S(options)` takes, by socket class (zeromq.js's
 * `SocketOptions<Dealer>`): its assignable options, and a context. */
export type SocketOptionsOf<S extends Socket> = Partial<Pick<S, AssignableKeys<S>>> & { context?: Context };
export type { Readable, Writable };

const both = { send: true, receive: true };
const sendOnly = { send: true, receive: false };
const receiveOnly = { send: false, receive: true };
const allow = (cls: { prototype: object }, can: typeof both) => allowMessaging(cls, Socket.prototype, can);

export class Pair extends Socket {
  constructor(options: Options<typeof PAIR> = {}) {
    super(PAIR, options);
  }
}
export interface Pair extends Writable, Readable, SocketOptionProperties<typeof PAIR> {}
allow(Pair, both);

export class Publisher extends Socket {
  constructor(options: Options<typeof PUB> = {}) {
    super(PUB, options);
  }
}
export interface Publisher extends Writable, SocketOptionProperties<typeof PUB> {}
allow(Publisher, sendOnly);

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
allow(Subscriber, receiveOnly);

export class Request extends Socket {
  constructor(options: Options<typeof REQ> = {}) {
    super(REQ, options);
  }
}
export interface Request extends Writable, Readable, SocketOptionProperties<typeof REQ> {}
allow(Request, both);

export class Reply extends Socket {
  constructor(options: Options<typeof REP> = {}) {
    super(REP, options);
  }
}
export interface Reply extends Writable, Readable, SocketOptionProperties<typeof REP> {}
allow(Reply, both);

export class Dealer extends Socket {
  constructor(options: Options<typeof DEALER> = {}) {
    super(DEALER, options);
  }
}
export interface Dealer extends Writable, Readable, SocketOptionProperties<typeof DEALER> {}
allow(Dealer, both);

export interface RouterConnectOptions extends ConnectOptions {
  /** The routing id this Router gives the peer (ZMQ_CONNECT_ROUTING_ID). */
  routingId?: string | Uint8Array;
}

export class Router extends Socket {
  constructor(options: Options<typeof ROUTER> = {}) {
    super(ROUTER, options);
  }

  override connect(address: string, options: RouterConnectOptions = {}): void {
    this.connectWithRoutingId(address, options);
  }
}
export interface Router extends Writable, Readable, SocketOptionProperties<typeof ROUTER> {}
allow(Router, both);

export class Pull extends Socket {
  constructor(options: Options<typeof PULL> = {}) {
    super(PULL, options);
  }
}
export interface Pull extends Readable, SocketOptionProperties<typeof PULL> {}
allow(Pull, receiveOnly);

export class Push extends Socket {
  constructor(options: Options<typeof PUSH> = {}) {
    super(PUSH, options);
  }
}
export interface Push extends Writable, SocketOptionProperties<typeof PUSH> {}
allow(Push, sendOnly);

/** A Publisher that also receives its subscribers' subscriptions: frames
 * starting with byte 1 (subscribe) or 0 (unsubscribe), then the prefix. */
export class XPublisher extends Socket {
  constructor(options: Options<typeof XPUB> = {}) {
    super(XPUB, options);
  }
}
export interface XPublisher extends Writable, Readable, SocketOptionProperties<typeof XPUB> {}
allow(XPublisher, both);

/** A Subscriber that subscribes by sending [1, ...prefix] (0 to
 * unsubscribe), for building proxies. */
export class XSubscriber extends Socket {
  constructor(options: Options<typeof XSUB> = {}) {
    super(XSUB, options);
  }
}
export interface XSubscriber extends Writable, Readable, SocketOptionProperties<typeof XSUB> {}
allow(XSubscriber, both);

/** As a Router's: the routing id this Stream gives the connection. */
export type StreamConnectOptions = RouterConnectOptions;

/** Raw TCP with non-ZeroMQ peers: every message is [routing id, bytes].
 * Sending [id, empty] closes that connection; with `notify`, a peer's
 * connect and disconnect arrive as [id, empty]. */
export class Stream extends Socket {
  constructor(options: Options<typeof STREAM> = {}) {
    super(STREAM, options);
  }

  override connect(address: string, options: StreamConnectOptions = {}): void {
    this.connectWithRoutingId(address, options);
  }
}
export interface Stream extends Writable, Readable, SocketOptionProperties<typeof STREAM> {}
allow(Stream, both);
