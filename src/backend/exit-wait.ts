/**
 * Node waits at exit for queued messages, as zeromq.js does: when the
 * event loop runs dry, sockets still open are closed (each per its
 * linger), and the process stays until libzmq has delivered or dropped
 * what they queued, that is until its reaper has destroyed them. If that
 * takes over half a second, stderr says so in zeromq.js's words.
 *
 * Elsewhere (a page's Worker, Deno, workerd) nothing is tracked.
 */
export interface ClosableAtExit {
  close(): void;
}

export interface ClosedSocket {
  /** Whether libzmq still holds the closed socket (delivering per linger). */
  held(): boolean;
  /** Whether its context is blocky (zeromq.js then names the option). */
  blocky: boolean;
  /** Ends what only context termination would end (see WasmSocket). */
  letGo(): void;
}

/** zeromq.js's patience before it says why the process is not exiting. */
const WARN_AFTER_MS = 500;
/** How often the wait looks again (libzmq's reaper runs on its own). */
const POLL_MS = 5;

const nodeProcess = (globalThis as { process?: NodeJS.Process }).process;
const tracking = typeof nodeProcess?.versions?.node === "string" && typeof nodeProcess.on === "function" && typeof WeakRef === "function";

const open = new Map<number, WeakRef<ClosableAtExit>>();
const closed = new Set<ClosedSocket>();
let installed = false;
let waiting = false;

/** A socket was made; `key` names it until closed (its ZMQ_FD). */
export function openedSocket(key: number, socket: ClosableAtExit): void {
  if (!tracking) return;
  if (!installed) {
    installed = true;
    nodeProcess!.on("beforeExit", waitForQueued);
  }
  open.set(key, new WeakRef(socket));
}

/** A socket was closed: libzmq may still hold it to deliver its queue
 * (undefined: it has linger 0, nothing to wait for). */
export function closedSocket(key: number, socket: ClosedSocket | undefined): void {
  if (!tracking) return;
  open.delete(key);
  if (!socket) return;
  // Forget those libzmq has let go, now and then, so a long-running
  // process that makes many sockets does not collect them here.
  if (closed.size >= 64) for (const entry of closed) if (!entry.held()) closed.delete(entry);
  closed.add(socket);
}

function waitForQueued(): void {
  if (waiting) return;
  for (const ref of [...open.values()]) ref.deref()?.close();
  open.clear();
  const pending = () => [...closed].filter((entry) => entry.held() || !closed.delete(entry));
  for (const entry of pending()) entry.letGo();
  if (pending().length === 0) return;
  waiting = true;
  const started = Date.now();
  let warned = false;
  // A ref'd timer keeps the loop (and libzmq's I/O on it) going.
  const timer = setInterval(() => {
    const left = pending();
    if (left.length === 0) {
      clearInterval(timer);
      waiting = false;
      return;
    }
    if (!warned && Date.now() - started >= WARN_AFTER_MS) {
      warned = true;
      const hint = left.some((entry) => entry.blocky) ? " Set 'context.blocky = false' to change this behaviour." : "";
      // As zeromq.js writes it (it cannot use process.emitWarning so late).
      nodeProcess!.stderr.write(`(node:${nodeProcess!.pid}) WARNING: Waiting for queued ZeroMQ messages to be delivered.${hint}\n`);
    }
  }, POLL_MS);
}
