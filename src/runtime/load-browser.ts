/**
 * Loads wasm/out/zmq.{js,wasm} in a Web Worker (the browser host of
 * src/browser/worker.ts). emscripten's glue is a classic script: it is
 * evaluated once here, and its pthread workers load it by URL, so every
 * file is named by an asset URL (bundlers such as Vite copy and rename them).
 */
import { instantiateAsync } from "./instantiate.js";
import type { WasmExports } from "./native.js";
import type { Build, Platform } from "./platform.js";

type Factory = (options: object) => Promise<WasmExports>;

const assets: Record<string, string> = {
  "zmq.js": new URL("../../wasm/out/zmq.js", import.meta.url).href,
  "zmq.worker.js": new URL("../../wasm/out/zmq.worker.js", import.meta.url).href,
  "zmq.wasm": new URL("../../wasm/out/zmq.wasm", import.meta.url).href,
  "zmq-nothreads.js": new URL("../../wasm/out/zmq-nothreads.js", import.meta.url).href,
  "zmq-nothreads.wasm": new URL("../../wasm/out/zmq-nothreads.wasm", import.meta.url).href,
};

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`zeromq-wasm: cannot load ${url}: HTTP ${response.status}`);
  return response;
}

/** Compiles while it downloads (and while the glue is fetched and
 * evaluated) where the server sends application/wasm; from the bytes
 * otherwise. */
async function compileWasm(url: string): Promise<WebAssembly.Module> {
  const response = await fetchOk(url);
  if (typeof WebAssembly.compileStreaming === "function" && response.headers.get("content-type")?.startsWith("application/wasm")) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** The browser's loader: package.json maps "#platform-loader" here for
 * every runtime without the "node" condition (pages, Web Workers). A
 * browser has no TCP of its own: tcp:// goes through a gateway. */
export async function loadPlatform(build: Build): Promise<Platform> {
  const name = build === "threads" ? "zmq" : "zmq-nothreads";
  const compiling = compileWasm(assets[`${name}.wasm`]);
  compiling.catch(() => {}); // reported by the await below
  const [glue, pthreadScript] = await Promise.all([
    fetchOk(assets[`${name}.js`]).then((r) => r.text()),
    build === "threads" ? fetchOk(assets["zmq.worker.js"]).then((r) => r.blob()) : undefined,
  ]);
  const script = `${glue}\n//# sourceURL=${assets[`${name}.js`]}`;
  // Indirect eval, while the wasm compiles: the classic script defines
  // createZmqModule globally.
  (0, eval)(script);
  const factory = (globalThis as unknown as { createZmqModule: Factory }).createZmqModule;
  const module = await compiling;
  let failed!: (error: unknown) => void;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  const instantiateWasm = instantiateAsync(module, failed);
  if (!pthreadScript) return { wasm: await Promise.race([factory({ instantiateWasm }), failure]), transport: undefined };
  // pthread workers start from a same-origin blob: a bundler may have turned
  // the small worker script into a data: URL, whose opaque origin could not
  // share memory with us.
  const pthreadUrl = URL.createObjectURL(new Blob([pthreadScript], { type: "text/javascript" }));
  const wasm = await Promise.race([factory({
    instantiateWasm,
    // Each pthread worker loads the glue too: from the text we already
    // have, not the network (cold start to first message: 5-10% faster).
    mainScriptUrlOrBlob: new Blob([script], { type: "text/javascript" }),
    locateFile: (file: string) => (file === "zmq.worker.js" ? pthreadUrl : (assets[file] ?? file)),
  }), failure]);
  return { wasm, transport: undefined };
}
