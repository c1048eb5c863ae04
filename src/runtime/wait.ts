import { ZWS_WAITWORD } from "./abi.js";

/** From a wait word's value to its count of sleepers, in Int32Array indexes. */
const SLEEPERS = (ZWS_WAITWORD.sleepers - ZWS_WAITWORD.value) >> 2;

/**
 * Sleeping on a shim wait word (zws_waitword, wasm/abi.json): its value at
 * index, and its count of sleepers SLEEPERS past it. The C side only
 * pays for a wake (memory.atomic.notify) when that count is non-zero, so
 * a JS sleeper counts itself for as long as its waitAsync is pending.
 */
export async function sleepOn(i32: Int32Array, index: number, seen: number, timeoutMs?: number): Promise<void> {
  Atomics.add(i32, index + SLEEPERS, 1);
  try {
    const wait = Atomics.waitAsync(i32, index, seen, timeoutMs);
    if (wait.async) await wait.value;
  } finally {
    Atomics.sub(i32, index + SLEEPERS, 1);
  }
}
