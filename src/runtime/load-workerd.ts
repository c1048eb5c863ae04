/**
 * The loader for Cloudflare's workerd (Workers, `wrangler dev`, the workerd
 * binary): package.json maps "#platform-loader" here under the "workerd"
 * condition, which wrangler's bundler resolves with. Workers may not compile
 * wasm from bytes or evaluate code, so the module comes in as a compiled
 * module import (wrangler's default rule for *.wasm) and the glue is
 * bundled as an ordinary CommonJS module. Only the build without threads.
 */
import { connect } from "cloudflare:sockets";
// Relative paths on purpose: the bundler resolves them to the package's
// files (types below, where they are used).
// @ts-expect-error: emscripten's CommonJS glue has no declarations
import createZmqModule from "../../wasm/out/zmq-nothreads.js";
// @ts-expect-error: a compiled WebAssembly.Module, by the bundler's rule for *.wasm
import zmqWasmModule from "../../wasm/out/zmq-nothreads.wasm";
import { CloudflareTcpTransport, type CloudflareConnect } from "../transport/cloudflare-tcp.js";
import { instantiateSync } from "./instantiate.js";
import type { WasmExports } from "./native.js";
import type { Build, Platform } from "./platform.js";

export async function loadPlatform(build: Build): Promise<Platform> {
  if (build === "threads") {
    throw new Error("zeromq-wasm: workerd has no threads; import zeromq-wasm (it resolves to the build without threads there)");
  }
  const instantiateWasm = instantiateSync(zmqWasmModule as WebAssembly.Module);
  const factory = createZmqModule as (options: object) => Promise<WasmExports>;
  const wasm = await withoutNodeProcess(() => factory({ instantiateWasm }));
  return { wasm, transport: new CloudflareTcpTransport(connect as CloudflareConnect) };
}

/**
 * Recent compatibility dates give workerd a Node-like global `process`;
 * emscripten's glue would then take workerd for Node and reach for
 * __dirname and fs. The glue looks once, when its factory is called, so the
 * global is hidden for that synchronous call only.
 */
function withoutNodeProcess<T>(run: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "process");
  if (!descriptor?.configurable) return run();
  delete (globalThis as { process?: unknown }).process;
  try {
    return run();
  } finally {
    Object.defineProperty(globalThis, "process", descriptor);
  }
}
