/** Waiting for a condition that something else makes true, with a
 * deadline and an error that says what was awaited and what was seen. */

export interface WaitOptions {
  /** Give up after this long (ms; default 10000; Infinity: never). */
  timeoutMs?: number;
}

/** Resolves once check() returns true; `wake` lets the owner of the
 * state re-check at once (events), and polling every 20 ms covers state
 * that changes without telling (a gateway's open connections). */
export function waitUntil(check: () => boolean, what: () => string, options: WaitOptions = {}, wake?: Set<() => void>): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      clearInterval(poll);
      clearTimeout(timer);
      wake?.delete(recheck);
    };
    const recheck = () => {
      if (!check()) return;
      done();
      resolve();
    };
    const poll = setInterval(recheck, 20);
    const timer =
      timeoutMs === Infinity
        ? undefined
        : setTimeout(() => {
            done();
            reject(new Error(`zeromq-wasm/testing: timed out after ${timeoutMs} ms waiting for ${what()}`));
          }, timeoutMs);
    wake?.add(recheck);
  });
}

/** A pause that ends early (false) when stop() says so: a paced script
 * stops within 20 ms of its peer closing. */
export async function pause(ms: number, stopped: () => boolean): Promise<boolean> {
  const end = Date.now() + ms;
  while (!stopped()) {
    const left = end - Date.now();
    if (left <= 0) return true;
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, 20)));
  }
  return false;
}
