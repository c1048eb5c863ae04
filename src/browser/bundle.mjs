// Bundles the two browser entry points that tsc emitted, in place:
// dist/browser/client.js (the page's module), dist/browser/worker.js (the
// Web Worker that hosts libzmq) and dist/browser/shared-worker.js (the
// SharedWorker that hosts it for all tabs, configure({ share: true })). A page loads each as one file instead of a
// waterfall of ~20 small modules; that waterfall was a third of the cold
// start to first message (see BENCHMARKS.md). Bundlers (Vite) still process
// both files as usual.
//
// Run by `npm run build` after tsc. Paths stay valid: both files keep their
// place, and dist/browser/ is as deep as dist/runtime/, whose
// `new URL("../../wasm/out/...", import.meta.url)` asset URLs move into the
// worker bundle unchanged. "#platform-loader" resolves to the browser loader
// here, as in any browser build (package.json "imports").
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../../dist/browser/", import.meta.url));

for (const entry of ["client.js", "worker.js", "shared-worker.js"]) {
  await build({
    entryPoints: [dist + entry],
    outfile: dist + entry,
    allowOverwrite: true,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    sourcemap: "linked",
    // Minified as an app's production build would be (a page fetches less
    // and parses less before its first message); names kept, so classes
    // and errors read as in the sources, and the source map has the rest.
    minify: true,
    keepNames: true,
    logLevel: "warning",
  });
}
