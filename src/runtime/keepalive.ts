/**
 * Keeps a Node process alive while an API operation is pending (a receive,
 * a send waiting at the high-water mark, a bind), as zeromq.js does, even
 * though network handles and pthread workers are unref'd. Elsewhere a no-op.
 *
 * One long-lived timer is ref'd and unref'd: cheaper than a timer per
 * operation on the hot receive path.
 */
const isNode = typeof process === "object" && typeof process.versions?.node === "string";

let holds = 0;
let timer: { ref(): void; unref(): void } | undefined;

const noop = () => {};

/** Holds the process open until the returned release() is called. */
export function holdOpen(): () => void {
  if (!isNode) return noop;
  if (holds++ === 0) {
    timer ??= setInterval(noop, 1 << 30) as unknown as { ref(): void; unref(): void };
    timer.ref();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds === 0) timer!.unref();
  };
}
