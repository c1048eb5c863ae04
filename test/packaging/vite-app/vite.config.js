// What the README tells users: ES-module workers, and no pre-bundling of
// zeromq-wasm in dev (it locates its worker and wasm by import.meta.url).
// No isolation headers: libzmq's build without threads needs none. Two
// pages: libzmq in the page's worker (index.html) and on its main thread
// (main-thread.html).
import { fileURLToPath } from "node:url";

const page = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));

export default {
  worker: { format: "es" },
  optimizeDeps: { exclude: ["zeromq-wasm"] },
  build: { target: "es2022", rollupOptions: { input: { main: page("index.html"), mainThread: page("main-thread.html") } } },
};
