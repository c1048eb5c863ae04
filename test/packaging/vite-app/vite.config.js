// What the README tells users: the two isolation headers (libzmq's threads
// need SharedArrayBuffer), ES-module workers, and no pre-bundling of
// zeromq-wasm in dev (it locates its worker and wasm by import.meta.url).
const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default {
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: "es" },
  optimizeDeps: { exclude: ["zeromq-wasm"] },
  build: { target: "es2022" },
};
