/**
 * The default context's option values in shared memory, for Node's worker
 * threads: the hosting thread writes them whenever they change and a worker
 * reads them synchronously, so a worker sees options the main thread set
 * (as with zeromq.js, whose threads share one default context).
 */
import { contextOptions, type ContextOptionName } from "../options.js";

/** The options libzmq has a value for (not the write-only thread options,
 * which wasm accepts and ignores). */
const names = (Object.keys(contextOptions) as ContextOptionName[]).filter((name) => !("writeOnly" in contextOptions[name]));

/** Values at libzmq's defaults, until the hosting thread publishes its own. */
export function sharedContextValues(): Int32Array {
  const values = new Int32Array(new SharedArrayBuffer(names.length * Int32Array.BYTES_PER_ELEMENT));
  names.forEach((name, index) => (values[index] = contextOptions[name].initial));
  return values;
}

export function readShared(values: Int32Array, name: ContextOptionName): number {
  return Atomics.load(values, names.indexOf(name));
}

export function writeShared(values: Int32Array, name: ContextOptionName, value: number): void {
  Atomics.store(values, names.indexOf(name), value);
}

/** All of a context's values, as it reads them now. */
export function publishContext(values: Int32Array, get: (name: ContextOptionName) => number): void {
  for (const name of names) writeShared(values, name, get(name));
}
