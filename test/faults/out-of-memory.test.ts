// Allocations a peer or a send drives fail gracefully (ENOMEM, a dropped
// connection, a full pipe: wasm/patches/0004). If libzmq runs out of wasm
// memory anyway, where it still asserts an allocation, it aborts, and with
// it the wasm module. Then every socket fails with a clear error
// (ENOMEM) and the process lives on: pending sends and receives reject,
// later calls throw or reject, sockets read as closed, event iterations
// end, TCP peers see their connections closed, and nothing keeps the
// process running. Each build runs the application in a child process
// (test/support/exhaust-memory.ts): an abort is for good.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { NativePeer } from "../support/native-peer.ts";
import { within } from "../support/util.ts";

const script = fileURLToPath(new URL("../support/exhaust-memory.ts", import.meta.url));
// Not NODE_TEST_CONTEXT: the child is an application, not a test file.
const { NODE_TEST_CONTEXT: _, ...env } = process.env;

describe("libzmq out of wasm memory", () => {
  for (const build of ["nothreads", "threads"]) {
    it(`${build}: every socket fails with ENOMEM and the process lives on, then exits by itself`, async () => {
      const app = NativePeer.node(script, { ...(env as Record<string, string>), ZEROMQ_WASM_TEST_BUILD: build });
      try {
        const { report } = (await app.next("report", 45_000)) as { report: Record<string, unknown> };
        console.log(`${build}: ${JSON.stringify(report)}`);
        assert.match(app.errors, /Aborted\(/, "libzmq aborted (not only a graceful ENOMEM)");
        assert.ok((report.failures as string[]).includes("ENOMEM"), "sends too large for what is left rejected with ENOMEM first");
        assert.deepEqual(report.closed, { push: true, pull: true, idle: true, reply: true }, "every socket reads as closed");
        assert.equal(report.pendingReceive, "rejected ENOMEM");
        assert.equal(report.pendingSend, "rejected ENOMEM");
        assert.equal(report.laterSend, "rejected ENOMEM");
        assert.equal(report.laterReceive, "rejected ENOMEM");
        assert.equal(report.laterBind, "rejected ENOMEM");
        assert.equal(report.laterOption, "threw ENOMEM");
        assert.equal(report.newSocket, "threw ENOMEM");
        assert.equal(report.events, "ended", "the event iteration ends");
        assert.equal(report.peerClosed, true, "the TCP peer saw its connection closed");
        assert.equal(report.close, "returned", "close() still works");
        // Generous: nothing may hold the process once it is done.
        assert.equal(await within(app.exited, 15_000, "the process exits by itself"), 0);
      } finally {
        app.stop();
      }
    });
  }
});
