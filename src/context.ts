/**
 * A libzmq context: its I/O thread(s) and reaper. Sockets use the shared
 * default context unless given another. Options are checked here and
 * applied by the installed host (in this thread, or a page's Worker).
 */
import type { ContextBackend } from "./backend/types.js";
import { makeError } from "./errors.js";
import { currentHost, hostInstalled } from "./host.js";
import { contextOptions, describe, type ContextOptionName, type ContextOptions } from "./options.js";

const backends = new WeakMap<Context, ContextBackend>();
/** Options of a context whose backend is not made yet (the default one,
 * made when the package is imported, before the entry installs a host). */
const pending = new WeakMap<Context, Array<[ContextOptionName, number]>>();

/** @internal The backend behind a context (for sockets and proxies),
 * made on first use. */
export function contextBackend(context: Context): ContextBackend {
  let backend = backends.get(context);
  if (!backend) {
    backend = currentHost().createContext(pending.get(context) ?? [], context === defaultContext);
    backends.set(context, backend);
    pending.delete(context);
  }
  return backend;
}

export class Context {
  constructor(options: ContextOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw makeError(`Context options must be an object, got ${describe(options)}`, "EINVAL");
    }
    const given = Object.entries(options).map(([name, value]) => encode(name, value));
    // At once where libzmq is there (what it refuses throws here); the
    // default context is made at import, before the entry installs a host.
    if (hostInstalled()) backends.set(this, currentHost().createContext(given));
    else pending.set(this, given);
  }

  #get(name: ContextOptionName): number {
    return contextBackend(this).get(name);
  }

  #set(name: ContextOptionName, value: unknown): void {
    contextBackend(this).set(...encode(name, value));
  }

  get ioThreads(): number {
    return this.#get("ioThreads");
  }
  set ioThreads(value: number) {
    this.#set("ioThreads", value);
  }
  get maxSockets(): number {
    return this.#get("maxSockets");
  }
  set maxSockets(value: number) {
    this.#set("maxSockets", value);
  }
  get maxMessageSize(): number {
    return this.#get("maxMessageSize");
  }
  set maxMessageSize(value: number) {
    this.#set("maxMessageSize", value);
  }
  get ipv6(): boolean {
    return this.#get("ipv6") !== 0;
  }
  set ipv6(value: boolean) {
    this.#set("ipv6", value);
  }
  /** false: new sockets get linger 0, so closing never waits for delivery. */
  get blocky(): boolean {
    return this.#get("blocky") !== 0;
  }
  set blocky(value: boolean) {
    this.#set("blocky", value);
  }
}

/** A context option as zmq_ctx_set takes it; a clear EINVAL otherwise. */
function encode(name: string, value: unknown): [ContextOptionName, number] {
  if (!Object.hasOwn(contextOptions, name)) throw makeError(`Unknown context option "${name}"`, "EINVAL");
  const flag = name === "ipv6" || name === "blocky";
  if (flag ? typeof value !== "boolean" : typeof value !== "number" || !Number.isInteger(value)) {
    throw makeError(`Context option "${name}" must be ${flag ? "a boolean" : "an integer"}, got ${describe(value)}`, "EINVAL");
  }
  return [name as ContextOptionName, Number(value)];
}

/** The context sockets use when none is given, as zeromq.js's `context`:
 * its options are properties (`context.blocky = false` applies to sockets
 * made after it). */
export const context: Context = new Context();
/** `context` by a name contextBackend()'s parameter does not shadow. */
const defaultContext = context;
