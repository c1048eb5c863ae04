// Runs before `npm test`: the tests need the wasm module built from source.
import { existsSync } from "node:fs";
const wasm = new URL("../../wasm/out/zmq.wasm", import.meta.url);
if (!existsSync(wasm)) {
  console.error("npm test: wasm/out/zmq.wasm is missing. Build it first: npm run build:wasm (see README, 'Building the wasm').");
  process.exit(1);
}
