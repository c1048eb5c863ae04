/**
 * Loads dist/wasm/zmq.{js,wasm} in Node (and Deno/Bun's Node compatibility).
 * The wasm bytes are handed in: emscripten 3.1.6's loader mistakes Node's
 * global fetch for a browser's.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { NodeTcpTransport } from "../transport/node-tcp.js";
import { holdOpen } from "./keepalive.js";
import type { WasmExports } from "./native.js";
import type { Transport } from "../transport/types.js";

type Factory = (options: object) => Promise<WasmExports>;

// dist/runtime/ -> wasm/out/ (committed build output; see wasm/build.sh).
const wasmFile = (name: string): string => fileURLToPath(new URL(`../../wasm/out/${name}`, import.meta.url));

export async function loadNode(): Promise<{ wasm: WasmExports; transport: Transport }> {
  const glue = wasmFile("zmq.js");
  const binary = wasmFile("zmq.wasm");
  if (!existsSync(glue) || !existsSync(binary)) {
    throw new Error(
      `zeromq-wasm: the wasm module is missing (${binary}). Build it with "npm run build:wasm" (needs emscripten; see README).`,
    );
  }
  const factory = createRequire(import.meta.url)(glue) as Factory;
  // pthread workers are unref'd (wasm/shim/post.js): hold the process open
  // while they load, or Node would exit before the module is ready.
  const release = holdOpen();
  try {
    const wasm = await factory({
      wasmBinary: await readFile(binary),
      locateFile: (name: string) => wasmFile(name),
    });
    return { wasm, transport: new NodeTcpTransport() };
  } finally {
    release();
  }
}
