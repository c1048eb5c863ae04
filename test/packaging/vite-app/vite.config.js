// What the README tells users: the two isolation headers (libzmq's threads
// need SharedArrayBuffer; without them the page gets the build without
// threads), ES-module workers, and no pre-bundling of zeromq-wasm in dev
// (it locates its worker and wasm by import.meta.url). Two pages: libzmq in
// the page's worker (index.html) and on its main thread (main-thread.html).
import { fileURLToPath } from "node:url";

const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};
const page = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));

export default {
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: "es" },
  optimizeDeps: { exclude: ["zeromq-wasm"] },
  build: { target: "es2022", rollupOptions: { input: { main: page("index.html"), mainThread: page("main-thread.html") } } },
};
