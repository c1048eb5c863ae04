/**
 * Sleeping on a shim wait word (zws_waitword in wasm/shim/zws_fd.h): the
 * value at index, and at index + 1 the count of sleepers. The C side only
 * pays for a wake (memory.atomic.notify) when that count is non-zero, so
 * a JS sleeper counts itself for as long as its waitAsync is pending.
 */
export async function sleepOn(i32: Int32Array, index: number, seen: number, timeoutMs?: number): Promise<void> {
  Atomics.add(i32, index + 1, 1);
  try {
    const wait = Atomics.waitAsync(i32, index, seen, timeoutMs);
    if (wait.async) await wait.value;
  } finally {
    Atomics.sub(i32, index + 1, 1);
  }
}
