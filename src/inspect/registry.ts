/**
 * The live sockets of this realm (a page, a worker, a Node process), the
 * one place the inspector reads from. Weak: a socket is dropped when it
 * closes or is collected. Kept on globalThis under a registered symbol, so
 * that separately bundled copies of zeromq-wasm (the page's client bundle,
 * zeromq-wasm/inspector) share one registry.
 */
import type { Event } from "../observer.js";
import type { Traffic } from "./traffic.js";

/** An endpoint as the socket's owner named it in bind() or connect(). */
export interface NamedEndpoint {
  verb: "bind" | "connect";
  address: string;
}

/** What a socket tells the inspector about itself, now. */
export interface SocketInspection {
  /** The class's name: "Subscriber", "Request", ... */
  type: string;
  endpoints: NamedEndpoint[];
  /** The socket's own counters (live, not a copy). */
  traffic: Readonly<Traffic>;
  /** Messages taken from libzmq that the owner has not received yet. */
  inbox: number;
  /** True if libzmq holds a message to receive. */
  readable: boolean;
  /** Sends waiting for libzmq to take them. */
  sendsWaiting: number;
  closed: boolean;
}

/** The socket side the inspector uses (Socket's internal methods). */
export interface InspectableSocket {
  inspect(): SocketInspection;
  /** Every event of the socket until the returned function is called,
   * without taking any from the socket's owner (socket.events). Starts
   * libzmq's monitor if nothing did yet. */
  tapEvents(tap: (event: Event) => void): () => void;
}

interface Registry {
  /** In creation order; ids are stable for the socket's life. */
  readonly sockets: Map<number, WeakRef<InspectableSocket>>;
  readonly ids: WeakMap<object, number>;
  /** Drops sockets collected unclosed. */
  readonly collected: FinalizationRegistry<number>;
  nextId: number;
}

const KEY = Symbol.for("zeromq-wasm.sockets");
const weak = typeof WeakRef === "function" && typeof FinalizationRegistry === "function";

function registry(): Registry {
  const global = globalThis as { [KEY]?: Registry };
  return (global[KEY] ??= newRegistry());
}

function newRegistry(): Registry {
  const sockets = new Map<number, WeakRef<InspectableSocket>>();
  return { sockets, ids: new WeakMap(), collected: new FinalizationRegistry((id) => sockets.delete(id)), nextId: 1 };
}

/** Adds a new socket (Socket's constructor). */
export function track(socket: InspectableSocket): void {
  if (!weak) return;
  const state = registry();
  const id = state.nextId++;
  state.ids.set(socket, id);
  state.sockets.set(id, new WeakRef(socket));
  state.collected.register(socket, id, socket);
}

/** Removes a closed socket (Socket's close()). */
export function untrack(socket: InspectableSocket): void {
  if (!weak) return;
  const { sockets, ids, collected } = registry();
  const id = ids.get(socket);
  if (id === undefined) return;
  sockets.delete(id);
  collected.unregister(socket);
}

/** The live sockets with their ids, oldest first; collected ones are
 * dropped on the way. */
export function liveSockets(): Array<{ id: number; socket: InspectableSocket }> {
  const live: Array<{ id: number; socket: InspectableSocket }> = [];
  if (!weak) return live;
  const { sockets } = registry();
  for (const [id, ref] of sockets) {
    const socket = ref.deref();
    if (socket) live.push({ id, socket });
    else sockets.delete(id);
  }
  return live;
}
