/**
 * The page side of hosts.ts, bundled for Chromium by esbuild: runs a test
 * body (sent as source text) against the page API, with the browser's
 * assert (browser-assert.ts) and the shared helpers.
 */
import * as zmq from "../../dist/browser/client.js";
import type * as NodeZmq from "../../dist/index.js";
import { assert } from "./browser-assert.ts";
import { hostContext, type Assert } from "./host-context.ts";
import { inproc } from "./harness.ts";

// tsx (esbuild's keepNames) wraps functions in __name(fn, "name"); the
// serialized bodies still call it.
(globalThis as { __name?: unknown }).__name = (fn: unknown) => fn;

type Failure = { message: string; name?: string; code?: string; stack?: string };

async function runTest(source: string, args: unknown): Promise<Failure | null> {
  const browserAssert: Assert = assert;
  const context = hostContext("page", zmq as unknown as typeof NodeZmq, browserAssert, {
    async bindAny(socket) {
      const address = inproc("any");
      await socket.bind(address);
      return address;
    },
    keyPair: () => zmq.curveKeyPair(),
    async failsLater(socket, call, expected) {
      try {
        call();
      } catch (error) {
        return browserAssert.throws(() => {
          throw error;
        }, expected);
      }
      // The worker's answer to call() comes before its answer to this.
      await socket.readOption("type");
      await browserAssert.rejects(socket.readOption("type"), expected);
    },
  });
  try {
    const body = (0, eval)(source) as (context: unknown, args: unknown) => Promise<void>;
    await body(context, args);
    return null;
  } catch (error) {
    const { message, name, code, stack } = error as Failure;
    return { message: String(message ?? error), name, code, stack };
  } finally {
    context.sockets.closeAll();
  }
}

Object.assign(globalThis, { runTest, harnessReady: zmq.ready().then(() => "ready") });
