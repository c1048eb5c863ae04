/**
 * A child process for test/load/hostile-peers.test.ts: a zeromq-wasm Reply
 * bound on tcp:// that echoes every request, as an application would run
 * it. Speaks JSON lines (as native-peer.ts reads them): {"ready", "endpoint"}
 * first; each {"stats": true} line on stdin is answered with
 * {"stats": {wasmBytes, rssBytes}}: the size of libzmq's wasm memory (it
 * only ever grows) and the process's resident set.
 *
 * ZEROMQ_WASM_TEST_BUILD=threads runs the build with threads (see zmq.ts).
 * REPLY_OPTIONS (JSON) are the Reply's options: none by default, so the
 * test sees the library's defaults.
 */
import { createInterface } from "node:readline";
import { Reply } from "./zmq.ts";
import { runtime } from "../../dist/runtime/load.js";

const out = (fields: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(fields)}\n`);

const reply = new Reply(JSON.parse(process.env.REPLY_OPTIONS ?? "{}") as object);
await reply.bind("tcp://127.0.0.1:*");
out({ ready: true, endpoint: reply.lastEndpoint });

createInterface({ input: process.stdin }).on("line", () => {
  out({ stats: { wasmBytes: runtime().native.wasm.zwsMemory.buffer.byteLength, rssBytes: process.memoryUsage().rss } });
});
// The test ends this process by closing stdin (or killing it).
process.stdin.on("end", () => process.exit(0));

// An application that catches what its socket throws: the process must
// live on whatever happens to the socket (the test probes whether it does).
try {
  for await (const request of reply) await reply.send(request);
} catch (error) {
  process.stderr.write(`the Reply failed: ${(error as Error).stack}\n`);
}
