/** Small helpers shared by the tests. */
import type { Socket } from "../../dist/index.js";

/** Closes every socket a test made, even when the test fails. */
export class Sockets {
  private readonly all: Socket[] = [];

  add<T extends Socket>(socket: T): T {
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

/** Frames as text. */
export const text = (frames: Uint8Array[]): string[] => frames.map((frame) => Buffer.from(frame).toString());

/** Binds to a free loopback port and returns the endpoint to connect to. */
export async function bindAny(socket: Socket): Promise<string> {
  await socket.bind("tcp://127.0.0.1:*");
  return socket.lastEndpoint!;
}
