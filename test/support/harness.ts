/**
 * Test helpers that run anywhere, Node or a page: no Node modules here.
 * test/support/util.ts gives them to Node tests; the page harness
 * (page-harness.ts) bundles them for tests that run in Chromium.
 */

/** What the helpers need of a socket. */
interface Closable {
  readonly closed: boolean;
  linger: number;
  close(): void;
}

/** Closes every socket a test made, even when the test fails. */
export class Sockets {
  private readonly all: Closable[] = [];

  add<T extends Closable>(socket: T): T {
    this.all.push(socket);
    return socket;
  }

  closeAll(): void {
    for (const socket of this.all.splice(0)) {
      if (socket.closed) continue;
      socket.linger = 0;
      socket.close();
    }
  }
}

/** Rejects if promise does not settle within ms: a failing test must not hang. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    }),
  ]);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls check() until it holds; rejects naming `what` after ms, so a
 * failure never hangs. */
export function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  return within(
    (async () => {
      while (!(await check())) await sleep(20);
    })(),
    ms,
    what,
  );
}

const decoder = new TextDecoder();

/** Frames as text. */
export const text = (frames: Uint8Array[]): string[] => frames.map((frame) => decoder.decode(frame));

let inprocs = 0;

/** An inproc endpoint nobody else uses. */
export const inproc = (name: string): string => `inproc://${name}-${++inprocs}-${Math.random().toString(36).slice(2)}`;
