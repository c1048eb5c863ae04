/**
 * Sends at a steady rate: calls `send(count)` every few milliseconds with
 * how many messages are due at `perSecond`. A publisher loop for the feeds
 * (the Guide's wuserver just loops as fast as it can; the demo's feeds run
 * at a set rate so the dashboard shows a chosen load).
 */
const TICK_MS = 10;

/** Starts the loop; the returned function stops it (and waits for it). */
export function pace(perSecond: number, send: (count: number) => Promise<void>): () => Promise<void> {
  let stopped = false;
  const started = performance.now();
  let sent = 0;
  const loop = (async () => {
    while (!stopped) {
      const due = Math.floor(((performance.now() - started) / 1000) * perSecond) - sent;
      if (due > 0) {
        // Never try to catch up more than a second behind (after a pause).
        await send(Math.min(due, Math.max(1, perSecond)));
        sent += due;
      }
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
