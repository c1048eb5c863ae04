/**
 * A macrotask as soon as possible, after the event loop's pending I/O and
 * due timers had their turn: setImmediate in Node, a message to ourselves
 * elsewhere (setTimeout(0) is clamped to 4 ms when nested), and setTimeout
 * where neither exists (workerd: its timers are not clamped). Chosen on
 * first use: workerd allows no channel at module scope.
 */
let macrotask: ((run: () => void) => void) | undefined;

export function afterEventLoop(run: () => void): void {
  macrotask ??= pickMacrotask();
  macrotask(run);
}

/** afterEventLoop as a promise. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => afterEventLoop(resolve));
}

function pickMacrotask(): (run: () => void) => void {
  const immediate = (globalThis as { setImmediate?: (run: () => void) => unknown }).setImmediate;
  if (immediate) return (run) => void immediate(run);
  if (typeof MessageChannel !== "function") return (run) => void setTimeout(run, 0);
  const channel = new MessageChannel();
  const queue: Array<() => void> = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return (run) => {
    queue.push(run);
    channel.port2.postMessage(0);
  };
}
