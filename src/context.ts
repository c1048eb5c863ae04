/**
 * A libzmq context: its I/O thread(s) and reaper run as pthreads (Web
 * Workers). Sockets use the shared default context unless given another.
 */
import { describe, contextOptions, type ContextOptions } from "./options.js";
import { lastError, makeError } from "./errors.js";
import { runtime } from "./runtime/load.js";
import type { Ptr } from "./runtime/native.js";

export class Context {
  /** The zmq context pointer in wasm memory. */
  readonly handle: Ptr;

  constructor(options: ContextOptions = {}) {
    const { native } = runtime();
    const handle = native.wasm._zmq_ctx_new();
    if (!handle) throw lastError(native, "Cannot create context");
    this.handle = handle;
    for (const [name, value] of Object.entries(options)) this.set(name, value);
  }

  private set(name: string, value: unknown): void {
    if (!Object.hasOwn(contextOptions, name)) throw makeError(`Unknown context option "${name}"`, "EINVAL");
    const flag = name === "ipv6" || name === "blocky";
    if (flag ? typeof value !== "boolean" : typeof value !== "number" || !Number.isInteger(value)) {
      throw makeError(`Context option "${name}" must be ${flag ? "a boolean" : "an integer"}, got ${describe(value)}`, "EINVAL");
    }
    const { native } = runtime();
    const id = contextOptions[name as keyof typeof contextOptions].id;
    if (native.wasm._zmq_ctx_set(this.handle, id, Number(value)) !== 0) {
      throw lastError(native, `Cannot set context option "${name}"`);
    }
  }

  private get(name: keyof typeof contextOptions): number {
    const { native } = runtime();
    return native.wasm._zmq_ctx_get(this.handle, contextOptions[name].id);
  }

  get ioThreads(): number {
    return this.get("ioThreads");
  }
  set ioThreads(value: number) {
    this.set("ioThreads", value);
  }
  get maxSockets(): number {
    return this.get("maxSockets");
  }
  set maxSockets(value: number) {
    this.set("maxSockets", value);
  }
  get maxMessageSize(): number {
    return this.get("maxMessageSize");
  }
  set maxMessageSize(value: number) {
    this.set("maxMessageSize", value);
  }
  get ipv6(): boolean {
    return this.get("ipv6") !== 0;
  }
  set ipv6(value: boolean) {
    this.set("ipv6", value);
  }
  /** false: new sockets get linger 0, so closing never waits for delivery. */
  get blocky(): boolean {
    return this.get("blocky") !== 0;
  }
  set blocky(value: boolean) {
    this.set("blocky", value);
  }
}

let shared: Context | undefined;

/** The context sockets use when none is given. */
export function defaultContext(): Context {
  shared ??= new Context();
  return shared;
}
