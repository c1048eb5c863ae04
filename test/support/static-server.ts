/**
 * Serves the repository over http://127.0.0.1 for browser tests: the built
 * client (dist/), the wasm (wasm/out/) and test pages, with the isolation
 * headers a page needs for SharedArrayBuffer (or without, to test that).
 * Bare "comlink" imports are pointed at node_modules, as a bundler would.
 */
import { readFile } from "node:fs/promises";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const types: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".map": "application/json",
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** extra: pages served from memory, by path (test harnesses); onServe:
 * told of each file served and its size (benchmarks count bytes). */
export async function serveRepo(options: {
  isolated: boolean;
  extra?: Record<string, string>;
  onServe?: (path: string, body: Buffer) => void;
}): Promise<StaticServer> {
  const server = http.createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const file = join(root, path);
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    try {
      const extra = options.extra?.[path];
      let body: Buffer | string = extra ?? (await readFile(file));
      if (extname(file) === ".js") body = body.toString().replace(/from\s*"comlink"/g, 'from "/node_modules/comlink/dist/esm/comlink.mjs"');
      const headers: Record<string, string> = { "content-type": types[extname(file)] ?? "application/octet-stream" };
      if (options.isolated) {
        headers["cross-origin-opener-policy"] = "same-origin";
        headers["cross-origin-embedder-policy"] = "require-corp";
      }
      options.onServe?.(path, Buffer.from(body));
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
