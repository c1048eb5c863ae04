/**
 * zeromq.js's Observer (`socket.events`): a socket's events from libzmq's
 * monitor, read with receive() and for-await, or passed to listeners added
 * with on(), the two ways being exclusive as in zeromq.js. Inside the
 * package, taps (zeromq-wasm/inspector's) see every event too, whatever the
 * mode, and take none. The same code on every host; the monitor itself is
 * the socket backend's (backend/types.ts MonitorBackend).
 */
import type { MonitorBackend, MonitorEvent } from "./backend/types.js";
import { closedError, makeError, type ZmqError } from "./errors.js";

/** An error libzmq reported for an errno (bind:error, accept:error, ...). */
export interface ErrnoError extends Error {
  code: string;
  errno: number;
  address?: string;
}

/** handshake:error:auth: the ZAP handler's status. */
export interface AuthError extends Error {
  status: 300 | 400 | 500;
}

/** handshake:error:protocol: which ZMTP or ZAP rule the peer broke. */
export interface ProtoError extends Error {
  code:
    | "ERR_ZMTP_UNSPECIFIED"
    | "ERR_ZMTP_UNEXPECTED_COMMAND"
    | "ERR_ZMTP_INVALID_SEQUENCE"
    | "ERR_ZMTP_KEY_EXCHANGE"
    | "ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED"
    | "ERR_ZMTP_MALFORMED_COMMAND_MESSAGE"
    | "ERR_ZMTP_MALFORMED_COMMAND_HELLO"
    | "ERR_ZMTP_MALFORMED_COMMAND_INITIATE"
    | "ERR_ZMTP_MALFORMED_COMMAND_ERROR"
    | "ERR_ZMTP_MALFORMED_COMMAND_READY"
    | "ERR_ZMTP_MALFORMED_COMMAND_WELCOME"
    | "ERR_ZMTP_INVALID_METADATA"
    | "ERR_ZMTP_CRYPTOGRAPHIC"
    | "ERR_ZMTP_MECHANISM_MISMATCH"
    | "ERR_ZAP_UNSPECIFIED"
    | "ERR_ZAP_MALFORMED_REPLY"
    | "ERR_ZAP_BAD_REQUEST_ID"
    | "ERR_ZAP_BAD_VERSION"
    | "ERR_ZAP_INVALID_STATUS_CODE"
    | "ERR_ZAP_INVALID_METADATA";
}

export interface EventAddress {
  address: string;
}

export interface EventInterval {
  interval: number;
}

export interface EventError<E = ErrnoError> {
  error: E;
}

/** An event of type T with the fields D. */
export type EventFor<T extends string, D = {}> = { type: T } & D;

/**
 * A socket event, as zeromq.js names them: connect, connect:delay,
 * connect:retry (with the next `interval`), bind, bind:error, accept,
 * accept:error, close, close:error, disconnect, handshake and its
 * failures (with an `error`), end (monitoring ended: the socket closed),
 * unknown. Each but end and unknown has the endpoint's `address`.
 */
export type Event =
  | EventFor<"accept", EventAddress>
  | EventFor<"accept:error", EventAddress & EventError>
  | EventFor<"bind", EventAddress>
  | EventFor<"bind:error", EventAddress & EventError>
  | EventFor<"connect", EventAddress>
  | EventFor<"connect:delay", EventAddress>
  | EventFor<"connect:retry", EventAddress & EventInterval>
  | EventFor<"close", EventAddress>
  | EventFor<"close:error", EventAddress & EventError>
  | EventFor<"disconnect", EventAddress>
  | EventFor<"end">
  | EventFor<"handshake", EventAddress>
  | EventFor<"handshake:error:protocol", EventAddress & EventError<ProtoError>>
  | EventFor<"handshake:error:auth", EventAddress & EventError<AuthError>>
  | EventFor<"handshake:error:other", EventAddress & EventError>
  | EventFor<"unknown">;

export type EventType = Event["type"];

/** The event of one type, e.g. EventOfType<"connect:retry">. */
export type EventOfType<E extends EventType = EventType> = Extract<Event, { type: E }>;

/** Listeners by event type (zeromq.js's name for on/off). */
export interface EventSubscriber {
  on<E extends EventType>(type: E, listener: (data: EventOfType<E>) => void): EventSubscriber;
  off<E extends EventType>(type: E, listener: (data: EventOfType<E>) => void): EventSubscriber;
}

/** What an Observer needs of a socket: a way to start libzmq's monitor on
 * it (Socket has it, not in its public typings). */
interface Monitorable {
  /** @internal */
  monitor(): MonitorBackend;
}

type Listener = (event: never) => void;

/** A package-internal reader of every event (the inspector's): it sees
 * each event whatever mode the user's Observer is in, and takes none. */
export type EventTap = (event: Event) => void;

/** Monitors are closed with their Observer when it is collected unclosed. */
const finalizer =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<MonitorBackend>((monitor) => monitor.close())
    : { register() {}, unregister() {} };

const EMITTER_MODE =
  "Observer is in event emitter mode. After a call to events.on() it is not possible to read events with events.receive().";

export class Observer implements EventSubscriber {
  readonly #monitor: MonitorBackend;
  #closed = false;
  #receiving = false;
  /** Set by the first on(): event emitter mode. */
  #listeners: Map<string, Listener[]> | undefined;
  /** Internal taps; while there are any, events are read ahead of the
   * user into #backlog, so that taps see them at once. */
  readonly #taps = new Set<EventTap>();
  readonly #backlog: Event[] = [];
  /** Each address's latest event, for a tap added later (an endpoint's
   * state when the inspector opens): events are few, addresses fewer. */
  readonly #latest = new Map<string, Event>();
  /** The one monitor.next() in flight, if any. */
  #reading = false;
  /** The user's read waiting for the next event. */
  #waiter: { resolve(event: Event | undefined): void; reject(error: unknown): void } | undefined;

  /** Starts monitoring `socket` (socket.events gives one per socket). A
   * socket has one monitor in libzmq: a new Observer ends the last one. */
  constructor(socket: object) {
    if (typeof socket !== "object" || socket === null) throw new TypeError("Socket must be a socket object");
    const monitorable = socket as Partial<Monitorable>;
    if (typeof monitorable.monitor !== "function") throw makeError("Invalid argument", "EINVAL");
    this.#monitor = monitorable.monitor();
    finalizer.register(this, this.#monitor, this);
  }

  /** True once close() was called or the socket's monitoring ended. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Stops observing; a pending receive() rejects and iteration ends. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    finalizer.unregister(this);
    this.#monitor.close();
  }

  /** The next event; "end" (the socket closed) is the last. */
  receive(): Promise<Event> {
    if (this.#closed) throw closedError();
    if (this.#receiving) {
      throw makeError("Observer is busy reading; only one receive operation may be in progress at any time", "EBUSY");
    }
    return this.#next();
  }

  async #next(): Promise<Event> {
    this.#receiving = true;
    try {
      const event =
        this.#backlog.shift() ??
        (await new Promise<Event | undefined>((resolve, reject) => {
          this.#waiter = { resolve, reject };
          this.#read();
        }));
      // Closed meanwhile: zeromq.js rejects so too.
      if (!event) throw notASocket();
      if (event.type === "end") this.close();
      return event;
    } finally {
      this.#receiving = false;
    }
  }

  /** Reads the monitor's next event, once at a time, for the user's read
   * waiting on it, or into the backlog; every tap sees it first. */
  #read(): void {
    if (this.#reading) return;
    this.#reading = true;
    this.#monitor.next().then(
      (data) => {
        this.#reading = false;
        const event = data && toEvent(data);
        if (event && "address" in event) this.#latest.set(event.address, event);
        if (event) for (const tap of this.#taps) tap(event);
        const waiter = this.#waiter;
        this.#waiter = undefined;
        if (waiter) waiter.resolve(event);
        else if (event) this.#backlog.push(event);
        if (event && event.type !== "end" && this.#taps.size > 0) this.#read();
      },
      (error: unknown) => {
        this.#reading = false;
        const waiter = this.#waiter;
        this.#waiter = undefined;
        waiter?.reject(error);
      },
    );
  }

  /** @internal Passes every event to `tap` until untapped, without
   * taking any from the user's receive(), for-await or on() listeners;
   * first, each address's latest event read so far. */
  tap(tap: EventTap): () => boolean {
    for (const event of this.#latest.values()) tap(event);
    this.#taps.add(tap);
    if (!this.#closed) this.#read();
    /** Removes the tap; true if it was the last. */
    return () => {
      this.#taps.delete(tap);
      return this.#taps.size === 0;
    };
  }

  /** @internal Forgets events read ahead for taps before the user first
   * asked for socket.events: libzmq's monitor would not have shown them. */
  dropBacklog(): void {
    this.#backlog.length = 0;
  }

  /** Events until the socket closes or close() is called. */
  [Symbol.asyncIterator](): AsyncIterator<Event, undefined> {
    return {
      next: async (): Promise<IteratorResult<Event, undefined>> => {
        if (this.#closed) return { done: true, value: undefined };
        try {
          return { done: false, value: await this.receive() };
        } catch (error) {
          if (this.#closed) return { done: true, value: undefined };
          throw error;
        }
      },
    };
  }

  /** Calls `listener` with each event of `type`. Switches the observer to
   * event emitter mode: receive() and for-await throw from then on. */
  on<E extends EventType>(type: E, listener: (event: EventOfType<E>) => void): this {
    if (!this.#listeners) {
      this.#listeners = new Map();
      // As in zeromq.js, even reading `receive` throws from now on.
      Object.defineProperty(this, "receive", {
        get() {
          throw new Error(EMITTER_MODE);
        },
      });
      void this.#emitAll();
    }
    const listeners = this.#listeners.get(type) ?? [];
    listeners.push(listener as Listener);
    this.#listeners.set(type, listeners);
    return this;
  }

  /** Removes a listener on() added (the last added, if added twice). */
  off<E extends EventType>(type: E, listener: (event: EventOfType<E>) => void): this {
    const listeners = this.#listeners?.get(type);
    const index = listeners?.lastIndexOf(listener as Listener) ?? -1;
    if (index >= 0) listeners!.splice(index, 1);
    return this;
  }

  /** Emitter mode's reader. A listener's exception escapes (as an
   * unhandled rejection), as an EventEmitter's would. */
  async #emitAll(): Promise<void> {
    while (!this.#closed) {
      let event: Event;
      try {
        event = await this.#next();
      } catch (error) {
        if (this.#closed) return;
        throw error;
      }
      for (const listener of [...(this.#listeners!.get(event.type) ?? [])]) (listener as (event: Event) => void)(event);
    }
  }
}

/** What libzmq says of a closed monitor, or of monitoring a closed socket
 * (zeromq.js's error for `socket.events` once the socket is closed). */
export function notASocket(): ZmqError {
  return makeError("Socket operation on non-socket", "ENOTSOCK");
}

/** The public event for the monitor's data: its error as an Error. */
function toEvent(data: MonitorEvent): Event {
  if (!data.error) return data as Event;
  const { message, ...fields } = data.error;
  return { ...data, error: Object.assign(new Error(message), fields) as ZmqError } as Event;
}
