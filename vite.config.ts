// The web demo (web-demo/). libzmq's threads need SharedArrayBuffer, so
// every page must be cross-origin isolated: these two headers are set for
// `vite` (dev) and `vite preview`; a deployment must send them too.
import { defineConfig } from "vite";

export const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  root: "web-demo",
  server: { headers: isolationHeaders, port: 5173, strictPort: true },
  preview: { headers: isolationHeaders, port: 4173, strictPort: true },
  worker: { format: "es" },
  build: { outDir: "../dist-demo", emptyOutDir: true, target: "es2022" },
});
