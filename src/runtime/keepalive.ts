/**
 * Keeps a Node process alive while an API operation is pending (a receive,
 * a send waiting at the high-water mark, a bind), as zeromq.js does, even
 * though network handles and pthread workers are unref'd. Elsewhere a no-op.
 */
const isNode = typeof process === "object" && typeof process.versions?.node === "string";

let holds = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** Holds the process open until the returned release() is called. */
export function holdOpen(): () => void {
  if (!isNode) return () => {};
  if (holds++ === 0) timer = setInterval(() => {}, 1 << 30);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
