/**
 * Loads wasm/out/zmq.{js,wasm} in a Web Worker (the browser host of
 * src/browser/worker.ts). emscripten's glue is a classic script: it is
 * evaluated once here, and its pthread workers load it by URL, so every
 * file is named by an asset URL (bundlers such as Vite copy and rename them).
 */
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

/** The browser's loader: package.json maps "#platform-loader" here for
 * every runtime without the "node" condition (pages, Web Workers). A
 * browser has no TCP of its own: tcp:// goes through a gateway. */
export async function loadPlatform(build: Build): Promise<Platform> {
  const name = build === "threads" ? "zmq" : "zmq-nothreads";
  const [glue, binary, pthreadScript] = await Promise.all([
    fetchOk(assets[`${name}.js`]).then((r) => r.text()),
    fetchOk(assets[`${name}.wasm`]).then((r) => r.arrayBuffer()),
    build === "threads" ? fetchOk(assets["zmq.worker.js"]).then((r) => r.blob()) : undefined,
  ]);
  const script = `${glue}\n//# sourceURL=${assets[`${name}.js`]}`;
  // Indirect eval: the classic script defines createZmqModule globally.
  (0, eval)(script);
  const factory = (globalThis as unknown as { createZmqModule: Factory }).createZmqModule;
  if (!pthreadScript) return { wasm: await factory({ wasmBinary: binary }), transport: undefined };
  // pthread workers start from a same-origin blob: a bundler may have turned
  // the small worker script into a data: URL, whose opaque origin could not
  // share memory with us.
  const pthreadUrl = URL.createObjectURL(new Blob([pthreadScript], { type: "text/javascript" }));
  const wasm = await factory({
    wasmBinary: binary,
    // Each pthread worker loads the glue too: from the text we already
    // have, not the network (cold start to first message: 5-10% faster).
    mainScriptUrlOrBlob: new Blob([script], { type: "text/javascript" }),
    locateFile: (file: string) => (file === "zmq.worker.js" ? pthreadUrl : (assets[file] ?? file)),
  });
  return { wasm, transport: undefined };
}
