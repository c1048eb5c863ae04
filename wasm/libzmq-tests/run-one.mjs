// Runs one libzmq test module (built by build.sh) under Node with our
// transport host attached, the way src/runtime/load-node.ts loads the
// package's module:
//
//   node wasm/libzmq-tests/run-one.mjs NAME [DIR]
//
// The test's main() runs on a pthread of its own (-sPROXY_TO_PTHREAD);
// this thread runs the host loop that owns the real sockets. The process
// exits with main's exit code (unity: the number of failed tests).
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
    const host = new ShimHost(new Native(module), new NodeTcpTransport());
    host.start();
  },
};
await factory(module);
