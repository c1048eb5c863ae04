// Runs one libzmq test module (built by build.sh) under Node with our
// transport host attached, the way src/runtime/load-node.ts loads the
// package's module:
//
//   node wasm/libzmq-tests/run-one.mjs NAME [DIR]
//
// With threads, the test's main() runs on a pthread of its own
// (-sPROXY_TO_PTHREAD); this thread runs the host loop that owns the real
// sockets. Without threads (ZWS_TEST_VARIANT=nothreads), main() runs here
// and yields to the event loop while it blocks (Asyncify), and libzmq's
// turns run from the package's cooperative scheduler. The process exits
// with main's exit code (unity: the number of failed tests).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Native } from "../../dist/runtime/native.js";
import { ShimHost } from "../../dist/runtime/shim-host.js";
import { NodeTcpTransport } from "../../dist/transport/node-tcp.js";

const [name, dirArg] = process.argv.slice(2);
if (!name) {
  console.error("usage: node run-one.mjs NAME [DIR]");
  process.exit(2);
}
const dir = dirArg ?? fileURLToPath(new URL("../.build/libzmq-tests/", import.meta.url));
const file = (f) => join(dir, f);

// Worker threads and sockets are unref'd (post.js, node-tcp.ts): a ref'd
// timer keeps the process alive until main() exits, which calls
// process.exit with its code.
setInterval(() => {}, 1 << 30);

const factory = createRequire(import.meta.url)(file(`${name}.js`));
const module = {
  wasmBinary: readFileSync(file(`${name}.wasm`)),
  locateFile: (f) => file(f),
  arguments: [],
  // Unity cases to report as not applicable (unity_filter.c), from run.mjs.
  preRun: [
    () => {
      if (process.env.ZWS_TEST_SKIP) module.ENV.ZWS_TEST_SKIP = process.env.ZWS_TEST_SKIP;
    },
  ],
  // Before main() starts: the host must serve the test's connects/binds.
  onRuntimeInitialized() {
    const native = new Native(module);
    const host = new ShimHost(native, new NodeTcpTransport());
    if (process.env.ZWS_TEST_VARIANT === "nothreads") drainOnKick(host);
    else host.start();
  },
};
await factory(module);

/**
 * Without threads, libzmq's turns run inside the test's own waits (the
 * shim's ZWS_ASYNCIFY_WAIT loop, on main()'s stack, where a turn may block
 * and yield too). The host only does its part when asked: each signal
 * (zws_coop_kick) drains its work once, in a microtask. A turn started from
 * JS instead could block inside an export JS called while main() sleeps,
 * which Asyncify cannot unwind.
 */
function drainOnKick(host) {
  let pending = false;
  module.zwsKick = () => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      host.drain();
    });
  };
}
