// A minimal Vite app (test/packaging/vite-app/) in a fresh project that
// installed the packed tarball: `vite build`, served by `vite preview` with
// the isolation headers as the README says, run in Debian's Chromium.
import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { build, preview } from "vite";
import { launchChromium } from "../support/chromium.ts";
import { packAndInstall } from "./packed.ts";

describe("a Vite app using the installed package", () => {
  it("builds, runs an inproc request/reply in its worker in Chromium, and a tcp bind fails with ENOTSUP", async () => {
    const root = join(packAndInstall().app, "web");
    cpSync(fileURLToPath(new URL("./vite-app/", import.meta.url)), root, { recursive: true });
    const outDir = join(root, "dist");
    await build({ root, logLevel: "error", build: { outDir, emptyOutDir: true } });
    const server = await preview({ root, logLevel: "error", build: { outDir }, preview: { port: 0, strictPort: false } });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      const response = await page.goto(server.resolvedUrls!.local[0]);
      assert.equal(response?.headers()["cross-origin-embedder-policy"], "require-corp");
      await page.waitForFunction(() => document.getElementById("out")?.textContent !== "loading", null, { timeout: 30_000 });
      assert.equal(await page.textContent("#out"), "libzmq 4.3.4: Hello, World; tcp bind: ENOTSUP", errors.join("\n"));
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    }
  });
});
