// The web demo (web-demo/). On a cross-origin isolated page libzmq runs with
// its threads (SharedArrayBuffer), so `vite` (dev) and `vite preview` send
// the two isolation headers; without them the page runs libzmq's build
// without threads (demoConfig({ isolated: false }), as the tests do).
import { defineConfig, type UserConfig } from "vite";

export const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export function demoConfig({ isolated }: { isolated: boolean }): UserConfig {
  const headers = isolated ? isolationHeaders : {};
  return {
    root: "web-demo",
    server: { headers, port: 5173, strictPort: true },
    preview: { headers, port: 4173, strictPort: true },
    worker: { format: "es" },
    build: { outDir: "../dist-demo", emptyOutDir: true, target: "es2022" },
  };
}

export default defineConfig(demoConfig({ isolated: true }));
