/**
 * A libzmq context: its I/O thread(s) and reaper. Sockets use the shared
 * default context unless given another. Options are properties made from
 * the table in options.ts, checked here as zeromq.js checks them and
 * applied by the installed host (in this thread, or a page's Worker).
 */
import type { ContextBackend } from "./backend/types.js";
import { checkArity, typeError, zmqError } from "./errors.js";
import { currentHost, hostInstalled } from "./host.js";
import { contextOptions, type ContextOptionName, type ContextOptionProperties, type ContextOptions } from "./options.js";

const backends = new WeakMap<Context, ContextBackend>();
/** `context` (below) by a name contextBackend()'s parameter does not
 * shadow; undefined while it is being made. */
let defaultContext: Context | undefined;
/** Options of a context whose backend is not made yet (the default one,
 * made when the package is imported, before the entry installs a host). */
const pending = new WeakMap<Context, Array<[ContextOptionName, number]>>();

/** A context nothing can reach is terminated once its sockets are closed,
 * as zeromq.js terminates a collected context (where the runtime has
 * FinalizationRegistry; a socket holds its context, so none of its sockets
 * is reachable either, and they close as they are collected). */
const finalizer =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<ContextBackend>((backend) => backend.release())
    : { register() {} };

/** @internal The backend behind a context (for sockets and proxies),
 * made on first use. */
export function contextBackend(context: Context): ContextBackend {
  let backend = backends.get(context);
  if (!backend) {
    backend = currentHost().createContext(pending.get(context) ?? [], context === defaultContext);
    adopt(context, backend);
    pending.delete(context);
  }
  return backend;
}

function adopt(context: Context, backend: ContextBackend): void {
  backends.set(context, backend);
  // The default context lives as long as the package (zeromq.js's too).
  if (defaultContext && context !== defaultContext) finalizer.register(context, backend);
}

export class Context {
  constructor(options?: ContextOptions) {
    if (options !== undefined && (typeof options !== "object" || options === null)) throw typeError("Options must be an object");
    checkArity(arguments, 1);
    // At once where libzmq is there (what it refuses throws here); the
    // default context is made at import, before the entry installs a host.
    if (hostInstalled()) adopt(this, currentHost().createContext([]));
    else pending.set(this, []);
    // As zeromq.js: sealed, and the options assigned as properties, so an
    // unknown or read-only one throws a TypeError.
    Object.seal(this);
    if (options) Object.assign(this, options);
  }
}

/** The context options, as typed properties. */
export interface Context extends ContextOptionProperties {}

for (const [name, spec] of Object.entries(contextOptions) as Array<[ContextOptionName, (typeof contextOptions)[ContextOptionName]]>) {
  const flag = spec.kind === "bool";
  Object.defineProperty(Context.prototype, name, {
    // As in zeromq.js: a write-only option has no getter (reads as
    // undefined), a read-only one no setter.
    get:
      "writeOnly" in spec
        ? undefined
        : function (this: Context) {
            const value = contextBackend(this).get(name);
            return flag ? value !== 0 : value;
          },
    set:
      "readOnly" in spec
        ? undefined
        : function (this: Context, value: unknown) {
            if (flag ? typeof value !== "boolean" : typeof value !== "number") {
              throw typeError(`Option value must be ${flag ? "a boolean" : "a number"}`);
            }
            // int options convert as zeromq.js's C++ does (ToInt32).
            const number = flag ? Number(value) : (value as number) | 0;
            // Thread priority and scheduling policy are for OS threads:
            // wasm's (Web Workers) have none to set, and libzmq's attempt
            // (nice(-20)) fails and aborts its I/O thread. Checked as
            // libzmq checks them (negative: EINVAL), and kept from it.
            if ("inert" in spec) {
              if (number < 0) throw zmqError("EINVAL", { operation: `set option "${name}"` });
              return;
            }
            if (hostInstalled()) contextBackend(this).set(name, number);
            else pending.get(this)!.push([name, number]);
          },
    configurable: true,
  });
}

/** The context sockets use when none is given, as zeromq.js's `context`:
 * its options are properties (`context.blocky = false` applies to sockets
 * made after it). */
export const context: Context = new Context();
defaultContext = context;
