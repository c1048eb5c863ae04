// The browser benchmark's pages, served from memory by the static server:
// one page per client kind, each loading its client library the way a
// user's bundler would ship it (esbuild, minified) and the shared measuring
// code (page/measure.ts). The worker page loads the built client as it is
// (dist/browser/client.js: its worker is found beside it).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Kind } from "./page/measure.ts";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Where each kind's client library is served (cold.html imports these too). */
export const clientUrls: Record<Exclude<Kind, "raw">, string> = {
  worker: "/dist/browser/client.js",
  // Served two levels deep, so that its new URL("../../wasm/out/...",
  // import.meta.url) finds the wasm.
  main: "/__bench/main/nothreads.js",
  threads: "/__bench/threads/threads.js",
  nats: "/__bench/nats/client.js",
  mqtt: "/__bench/mqtt/client.js",
};

const pagePath = (kind: Kind) => `/__bench/${kind}/page.html`;

async function bundle(options: { entry?: string; source?: string; minify: boolean }): Promise<string> {
  const result = await build({
    ...(options.entry ? { entryPoints: [options.entry] } : { stdin: { contents: options.source!, resolveDir: here("."), loader: "ts" } }),
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["browser"],
    minify: options.minify,
  });
  return result.outputFiles[0].text;
}

/** The pages and bundles, by path, and each kind's page. */
export async function benchPages(): Promise<{ files: Record<string, string>; page: (kind: Kind) => string; versions: Record<string, string> }> {
  const files: Record<string, string> = {
    [clientUrls.main]: await bundle({ entry: here("../../dist/nothreads.js"), minify: true }),
    [clientUrls.threads]: await bundle({ entry: here("../../dist/threads.js"), minify: true }),
    [clientUrls.nats]: await bundle({ source: 'export { wsconnect } from "@nats-io/nats-core";', minify: true }),
    [clientUrls.mqtt]: await bundle({ source: 'export { default } from "mqtt";', minify: true }),
    "/__bench/measure.js": await bundle({ entry: here("page/measure.ts"), minify: true }),
  };
  for (const kind of ["worker", "main", "threads", "nats", "mqtt", "raw"] as const) {
    const lib = kind === "raw" ? "const lib = undefined;" : `import * as lib from "${clientUrls[kind]}";`;
    files[pagePath(kind)] =
      `<!doctype html><meta charset="utf-8"><script type="module">${lib} import { install } from "/__bench/measure.js"; ` +
      `window.pageReady = install("${kind}", lib).catch((error) => "error: " + error.message);</script>`;
  }
  return { files, page: pagePath, versions: { "nats.js (@nats-io/nats-core)": packageVersion("@nats-io/nats-core"), "mqtt.js": packageVersion("mqtt") } };
}

/** A package's version, from the package.json above its entry point (not
 * every package exports its package.json). */
function packageVersion(name: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.resolve(name))); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version: string };
    if (pkg.name === name) return pkg.version;
  }
  throw new Error(`no package.json for ${name}`);
}
