// The layers of src/ import only downward, and no module imports itself
// back through others: read from the sources' import lines, so a change
// that breaks the layering fails here (README, "How it works").
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const src = fileURLToPath(new URL("../../src/", import.meta.url));

/** Top to bottom; a module may import its own layer or any below it. */
const layers: Array<[string, (path: string) => boolean]> = [
  ["entries", (p) => ["index.ts", "node.ts", "node-threads.ts", "serve-host.ts", "nothreads.ts", "threads.ts", "draft.ts", "in-process.ts", "proxy-cli.ts"].includes(p) || p.startsWith("browser/") || p.startsWith("inspector/")],
  ["api", (p) => p === "api.ts"],
  ["public classes", (p) => ["socket.ts", "sockets.ts", "proxy.ts", "context.ts", "configure.ts", "host.ts", "messaging.ts", "curve.ts", "observer.ts", "draft-sockets.ts"].includes(p) || p.startsWith("inspect/")],
  ["backend/", (p) => p.startsWith("backend/")],
  ["runtime/", (p) => p.startsWith("runtime/")],
  ["transport/", (p) => p.startsWith("transport/")],
  ["leaves", (p) => ["endpoint.ts", "options.ts", "frames.ts", "errors.ts", "warnings.ts", "errno.ts", "capability.ts"].includes(p)],
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

/** Module path (relative to src/) -> the modules of ours it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files(src)) {
    const from = relative(src, file);
    const imports = [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\b[^"']*?from\s+["'](\.[^"']+)["']|^\s*import\s+["'](\.[^"']+)["']/gm)]
      .map((match) => relative(src, join(dirname(file), (match[1] ?? match[2]).replace(/\.js$/, ".ts"))))
      // Outside src/: the build's output (the workerd loader imports the wasm and its glue).
      .filter((path) => !path.startsWith(".."));
    graph.set(from, imports);
  }
  return graph;
}

function layerOf(path: string): number {
  const index = layers.findIndex(([, test]) => test(path));
  assert.notEqual(index, -1, `${path} is in no layer: add it to the table in test/structure/layers.test.ts`);
  return index;
}

describe("source layering", () => {
  const graph = importGraph();
  // The gateway is its own product: it may import only gateway/. The
  // testing kit sits on top of everything (a user's view of the package).
  const library = [...graph.keys()].filter((path) => !path.startsWith("gateway/") && !path.startsWith("testing/"));

  it("imports only downward (entries > api > public classes > backend/ > runtime/ > transport/ > leaves)", () => {
    const upward: string[] = [];
    for (const from of library) {
      for (const to of graph.get(from)!) {
        if (layerOf(to) < layerOf(from)) upward.push(`${from} -> ${to}`);
      }
    }
    assert.deepEqual(upward, []);
  });

  it("has no import cycles", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (path: string, trail: string[]) => {
      if (state.get(path) === "done") return;
      if (state.get(path) === "open") return void cycles.push([...trail.slice(trail.indexOf(path)), path].join(" -> "));
      state.set(path, "open");
      for (const next of graph.get(path) ?? []) visit(next, [...trail, path]);
      state.set(path, "done");
    };
    for (const path of graph.keys()) visit(path, []);
    assert.deepEqual(cycles, []);
  });

  it("keeps errors.ts (but for its errno table) and transport/ free of our other modules, the gateway apart, and the testing kit on top", () => {
    assert.deepEqual(graph.get("errors.ts"), ["errno.ts"]);
    assert.deepEqual(graph.get("errno.ts"), []);
    for (const [from, imports] of graph) {
      if (from.startsWith("transport/")) assert.deepEqual(imports.filter((to) => !to.startsWith("transport/")), [], from);
      if (from.startsWith("gateway/")) assert.deepEqual(imports.filter((to) => !to.startsWith("gateway/")), [], from);
      // The kit uses the package as a user does: the gateway's server, the
      // Node entry (its types; the module is the built CommonJS bundle) and
      // the message types.
      if (from.startsWith("testing/")) {
        assert.deepEqual(imports.filter((to) => !to.startsWith("testing/") && !["gateway/server.ts", "node.ts", "frames.ts"].includes(to)), [], from);
      }
    }
  });
});
