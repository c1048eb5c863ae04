/**
 * Serves a team's page directory over http://localhost, cross-origin
 * isolated (COOP/COEP, so the page has SharedArrayBuffer) unless told not
 * to, with this package's browser files under /zeromq-wasm/: a page with no
 * bundler imports "/zeromq-wasm/dist/browser/client.js" (the worker and
 * the wasm are found from there). Nothing outside the two is served.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export interface PageServerOptions {
  /** The directory to serve at / (index.html for a directory). */
  root: string;
  /** COOP/COEP headers (default true). */
  isolated?: boolean;
}

export interface PageServer {
  /** http://localhost:<port> */
  readonly url: string;
  close(): Promise<void>;
}

/** Where this package's browser files are served. */
export const packagePath = "/zeromq-wasm/";
const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
/** The package's files a page may load: the browser entries and the wasm. */
const packageDirs = ["dist/", "wasm/out/"];

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** The file a URL path names, or undefined if it is outside what is served. */
function fileFor(root: string, pathname: string): string | undefined {
  if (pathname.startsWith(packagePath)) {
    const rest = pathname.slice(packagePath.length);
    if (!packageDirs.some((dir) => rest.startsWith(dir))) return undefined;
    return inside(packageRoot, rest);
  }
  return inside(root, pathname.slice(1));
}

function inside(root: string, relative: string): string | undefined {
  const file = resolve(root, relative);
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

export async function servePages(options: PageServerOptions): Promise<PageServer> {
  const root = resolve(options.root);
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) throw new Error(`zeromq-wasm/testing: no page directory at ${root}`);
  const isolation: Record<string, string> =
    options.isolated === false ? {} : { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };
  const server = http.createServer(async (req, res) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      return void res.writeHead(400).end();
    }
    let file = fileFor(root, pathname);
    let info = file === undefined ? undefined : await stat(file).catch(() => undefined);
    if (file && info?.isDirectory()) {
      file = join(file, "index.html");
      info = await stat(file).catch(() => undefined);
    }
    if (!file || !info?.isFile()) return void res.writeHead(404, { "content-type": "text/plain", ...isolation }).end("not found\n");
    res.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "content-length": info.size,
      "cache-control": "no-store",
      ...isolation,
    });
    if (req.method === "HEAD") return void res.end();
    createReadStream(file).pipe(res);
  });
  // Loopback only; the page is opened as http://localhost (a secure
  // context, as https would be), which Chromium reaches on 127.0.0.1.
  await new Promise<void>((ready, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ready());
  });
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
