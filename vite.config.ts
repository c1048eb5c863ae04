// The web demo (web-demo/). No special headers: the page's worker runs
// libzmq's build without threads, which needs no cross-origin isolation.
import { defineConfig, type UserConfig } from "vite";

export function demoConfig(): UserConfig {
  return {
    root: "web-demo",
    server: { port: 5173, strictPort: true },
    preview: { port: 4173, strictPort: true },
    worker: { format: "es" },
    // The tutorial editor's dependencies, bundled when the server starts:
    // found only on the first tutorial visit, they would reload that page.
    optimizeDeps: { include: ["codemirror", "@codemirror/lang-javascript", "@codemirror/state", "@codemirror/view"] },
    build: { outDir: "../dist-demo", emptyOutDir: true, target: "es2022" },
  };
}

export default defineConfig(demoConfig());
