/**
 * libzmq's draft socket types, as zeromq.js v6's "zeromq/draft" has them:
 * single-part messages; a Server's messages carry the peer's routingId, a
 * Radio's and a Dish's their group. Those travel below as one more frame
 * after the message (enum zws_route in wasm/abi.json); here they become
 * zeromq.js's options objects. The behaviour is socket.ts's, as for every
 * other type.
 */
import { makeError } from "./errors.js";
import type { Frame, MessageLike } from "./frames.js";
import { allowMessaging, type Readable, type Writable } from "./messaging.js";
import { CLIENT, DGRAM, DISH, GATHER, RADIO, SCATTER, SERVER, type SocketOptionProperties } from "./options.js";
import { Socket } from "./socket.js";
import type { Options } from "./sockets.js";

export interface ServerRoutingOptions {
  /** The peer's routing id, as a received message gives it. */
  routingId: number;
}

export interface RadioGroupOptions {
  group: Uint8Array | string;
}

export interface DishGroupOptions {
  group: Frame;
}

/** zeromq.js's checks of a send's options object, with its errors: they
 * throw at once, where a failed send rejects. */
function optionsObject(options: unknown): Record<string, unknown> {
  if (typeof options !== "object" || options === null) throw new TypeError("Options must be an object");
  return options as Record<string, unknown>;
}

function checkGroup(group: unknown): asserts group is string | Uint8Array | undefined {
  if (group !== undefined && typeof group !== "string" && !(group instanceof Uint8Array)) {
    throw new TypeError("Value must be a string or buffer");
  }
}

const withRoute = (message: MessageLike | MessageLike[], route: MessageLike): MessageLike[] => [
  ...(Array.isArray(message) ? message : [message]),
  route,
];

/** libzmq's refusal of a message without a routing id or group. */
const invalidArgument = () => makeError("Invalid argument", "EINVAL");

/** A routing id as its frame: 4 bytes, little-endian. */
function routingIdFrame(routingId: unknown): Uint8Array {
  if (routingId !== undefined && typeof routingId !== "number") throw new TypeError("A number was expected");
  const id = (routingId ?? 0) >>> 0;
  if (id === 0) throw invalidArgument();
  const frame = new Uint8Array(4);
  new DataView(frame.buffer).setUint32(0, id, true);
  return frame;
}

/** A socket's messages as `decode` gives them (with their routing id or group). */
async function* decoded<T>(messages: AsyncGenerator<Frame[], undefined, undefined>, decode: (frames: Frame[]) => T): AsyncGenerator<T, undefined, undefined> {
  for await (const frames of messages) yield decode(frames);
  return undefined;
}

const routingIdOf = (frame: Frame): number => new DataView(frame.buffer, frame.byteOffset, 4).getUint32(0, true);

export class Server extends Socket {
  constructor(options: Options<typeof SERVER> = {}) {
    super(SERVER, options);
  }

  /** Sends to the peer with this routingId (from a message it sent). */
  send(message: MessageLike, options: ServerRoutingOptions): Promise<void> {
    return this.sendMessage(withRoute(message, routingIdFrame(optionsObject(options).routingId)));
  }

  /** The next message and the routingId of the peer that sent it. */
  receive(): Promise<[Frame, ServerRoutingOptions]> {
    return this.receiveMessage().then(fromServer);
  }

  [Symbol.asyncIterator](): AsyncGenerator<[Frame, ServerRoutingOptions], undefined, undefined> {
    return decoded(this.messages(), fromServer);
  }
}
export interface Server extends SocketOptionProperties<typeof SERVER> {}

const fromServer = ([message, id]: Frame[]): [Frame, ServerRoutingOptions] => [message, { routingId: routingIdOf(id) }];

export class Client extends Socket {
  constructor(options: Options<typeof CLIENT> = {}) {
    super(CLIENT, options);
  }
}
export interface Client extends Writable, Readable, SocketOptionProperties<typeof CLIENT> {}
allowMessaging(Client, Socket.prototype, { send: true, receive: true });

export class Radio extends Socket {
  constructor(options: Options<typeof RADIO> = {}) {
    super(RADIO, options);
  }

  /** Sends to the Dishes that joined the group. */
  send(message: MessageLike, options: RadioGroupOptions): Promise<void> {
    const { group } = optionsObject(options);
    checkGroup(group);
    if (group === undefined) throw invalidArgument();
    return this.sendMessage(withRoute(message, group));
  }
}
export interface Radio extends SocketOptionProperties<typeof RADIO> {}

export class Dish extends Socket {
  constructor(options: Options<typeof DISH> = {}) {
    super(DISH, options);
  }

  /** Receive the messages of these groups (each at most 255 bytes). */
  join(...groups: Array<Uint8Array | string>): void {
    this.#joinOrLeave(true, groups);
  }

  leave(...groups: Array<Uint8Array | string>): void {
    this.#joinOrLeave(false, groups);
  }

  #joinOrLeave(join: boolean, groups: unknown[]): void {
    for (const group of groups) checkGroup(group);
    // Below, a Dish's subscription is a joined group; none given: nothing
    // (not the "everything" subscription of a Subscriber).
    if (groups.length > 0) this.setSubscription(join, groups as Array<Uint8Array | string>);
  }

  /** The next message and its group. */
  receive(): Promise<[Frame, DishGroupOptions]> {
    return this.receiveMessage().then(fromDish);
  }

  [Symbol.asyncIterator](): AsyncGenerator<[Frame, DishGroupOptions], undefined, undefined> {
    return decoded(this.messages(), fromDish);
  }
}
export interface Dish extends SocketOptionProperties<typeof DISH> {}

const fromDish = ([message, group]: Frame[]): [Frame, DishGroupOptions] => [message, { group }];

export class Gather extends Socket {
  constructor(options: Options<typeof GATHER> = {}) {
    super(GATHER, options);
  }
}
export interface Gather extends Readable, SocketOptionProperties<typeof GATHER> {}
allowMessaging(Gather, Socket.prototype, { send: false, receive: true });

export class Scatter extends Socket {
  constructor(options: Options<typeof SCATTER> = {}) {
    super(SCATTER, options);
  }
}
export interface Scatter extends Writable, SocketOptionProperties<typeof SCATTER> {}
allowMessaging(Scatter, Socket.prototype, { send: true, receive: false });

/** UDP datagrams as [address, data]: udp:// only, which zeromq-wasm does
 * not carry (README), so it can be made but not bound or connected. */
export class Datagram extends Socket {
  constructor(options: Options<typeof DGRAM> = {}) {
    super(DGRAM, options);
  }
}
export interface Datagram extends Writable, Readable, SocketOptionProperties<typeof DGRAM> {}
allowMessaging(Datagram, Socket.prototype, { send: true, receive: true });
