// Bundles Node's entry (dist/node.js, which tsc emitted) into one CommonJS
// file, dist/cjs/index.cjs: package.json maps both require("zeromq-wasm")
// and import of it in Node there, so a process that does both shares one
// copy of the classes and one libzmq (no dual-package hazard). It loads the
// wasm synchronously (src/node.ts), which require() needs.
//
// Run by `npm run build` after tsc. dist/cjs/ is as deep as dist/runtime/,
// so `new URL("../../wasm/out/...", import.meta.url)` still finds the wasm;
// import.meta.url becomes this file's own URL.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

await build({
  entryPoints: [dist + "node.js"],
  outfile: dist + "cjs/index.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node18",
  define: { "import.meta.url": "__zwsModuleUrl" },
  banner: { js: 'const __zwsModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  sourcemap: "linked",
  logLevel: "warning",
});

// Types for CommonJS consumers: the same declarations, copied where a
// package.json says they describe CommonJS (a TypeScript program with
// module node16 may not require() declarations it reads as ES modules).
for (const file of readdirSync(dist, { recursive: true, encoding: "utf8" })) {
  if (!file.endsWith(".d.ts") || file.startsWith("cjs/")) continue;
  mkdirSync(dirname(dist + "cjs/" + file), { recursive: true });
  copyFileSync(dist + file, dist + "cjs/" + file);
}
writeFileSync(dist + "cjs/package.json", '{ "type": "commonjs" }\n');
