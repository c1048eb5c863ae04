// A minimal Vite app (test/packaging/vite-app/) in a fresh project that
// installed the packed tarball, configured as the README says (no isolation
// headers), run in Debian's Chromium: `vite build` served by `vite preview`, and
// the `vite` dev server (which serves the package unbundled).
import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { build, createServer, preview } from "vite";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";
import { packAndInstall } from "./packed.ts";
import { PackagingPeers } from "./peers.ts";

/** Opens a page of the app at url and returns what it printed. */
async function runApp(browser: Browser, url: string): Promise<string> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const response = await page.goto(url);
  assert.equal(response?.headers()["cross-origin-embedder-policy"], undefined);
  await page.waitForFunction(() => document.getElementById("out")?.textContent !== "loading", null, { timeout: 30_000 });
  const text = (await page.textContent("#out")) ?? "";
  await page.close();
  return text + (errors.length ? `\n${errors.join("\n")}` : "");
}

const expected = "libzmq 4.3.4: Hello, World; tcp bind: ENOTSUP; Hello from libzmq 4.3.4 in this worker";
const expectedMainThread = "libzmq 4.3.4: Hello, World; gateway: echo:Hello; workers started: 0";

/** A native REP behind a gateway, for the main-thread page. */
const peers = new PackagingPeers();
let mainThreadQuery: string;
before(async () => {
  const config = await peers.startShared({ repCount: 2, origins: ["*"] });
  mainThreadQuery = `main-thread.html?${new URLSearchParams({ rep: config.gatewayRep, gateway: config.gateway })}`;
});
after(() => peers.stop());

/** Both pages of the app, served at base. */
async function runPages(browser: Browser, base: string): Promise<void> {
  assert.equal(await runApp(browser, base), expected);
  assert.equal(await runApp(browser, new URL(mainThreadQuery, base).href), expectedMainThread);
}

/** The app copied into the fresh project that installed the tarball. */
function appRoot(): string {
  const root = join(packAndInstall().app, "web");
  cpSync(fileURLToPath(new URL("./vite-app/", import.meta.url)), root, { recursive: true });
  return root;
}

describe("a Vite app using the installed package", () => {
  it("builds, runs inproc request/reply in the page's worker and in its own worker (zeromq-wasm/worker) in Chromium, and a tcp bind fails with ENOTSUP; a second page runs libzmq on its main thread (zeromq-wasm/nothreads): inproc, and a native REP through the gateway", async () => {
    const root = appRoot();
    const outDir = join(root, "dist");
    await build({ root, logLevel: "error", build: { outDir, emptyOutDir: true } });
    const server = await preview({ root, logLevel: "error", build: { outDir }, preview: { port: 0, strictPort: false } });
    const browser = await launchChromium();
    try {
      await runPages(browser, server.resolvedUrls!.local[0]);
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    }
  });

  it("runs the same app from the vite dev server (optimizeDeps.exclude, as the README says)", async () => {
    const root = appRoot();
    const server = await createServer({ root, logLevel: "error", server: { port: 0, strictPort: false } });
    await server.listen();
    const browser = await launchChromium();
    try {
      await runPages(browser, server.resolvedUrls!.local[0]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
