/**
 * Lazy Pirate server (the Guide's lpserver): echoes each request back, but
 * fails now and then. A failure is either a stall (the request is dropped,
 * as by an overloaded server) or a crash (the server stops; someone has to
 * start it again). Clients must cope: time out, retry, give up.
 * A ROUTER rather than a REP, so a dropped request does not block the
 * answers to the requests after it.
 */
import { Router } from "zeromq-wasm";

export interface FlakyOptions {
  /** The share of requests that fail (0..1), read at every request. */
  failureRate(): number;
  /** Called when the server crashes (its socket is closed by then). */
  onCrash(): void;
}

/** Of the failed requests, this share crash the server; the rest stall. */
const CRASH_SHARE = 0.25;

export async function startFlakyServer(endpoint: string, options: FlakyOptions): Promise<{ close(): Promise<void> }> {
  const server = new Router();
  await server.bind(endpoint);

  void (async () => {
    try {
      for await (const [identity, empty, request] of server) {
        if (Math.random() < options.failureRate()) {
          if (Math.random() < CRASH_SHARE) {
            console.log(`flaky server: simulating a crash (request "${request}")`);
            server.close();
            options.onCrash();
            return;
          }
          console.log(`flaky server: simulating an overload, no answer to "${request}"`);
          continue;
        }
        await server.send([identity, empty, request]);
      }
    } catch {
      // closed
    }
  })();

  return { close: async () => server.close() };
}
