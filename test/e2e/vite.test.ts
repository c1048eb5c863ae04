// The package in a Vite app (the project's vite.config.ts, as the README
// tells users): production build, served by `vite preview` with the
// isolation headers, run in Chromium.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { build, preview } from "vite";
import { launchChromium } from "../support/chromium.ts";

describe("a Vite app using zeromq-wasm/browser", () => {
  it("builds, and runs libzmq in its worker in Chromium", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "zws-vite-"));
    await build({ logLevel: "error", build: { outDir, emptyOutDir: true } });
    const server = await preview({ logLevel: "error", build: { outDir }, preview: { port: 0, strictPort: false } });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const response = await page.goto(server.resolvedUrls!.local[0]);
      assert.equal(response?.headers()["cross-origin-embedder-policy"], "require-corp");
      await page.waitForFunction(() => !document.querySelector("[data-testid=status]")!.textContent!.includes("loading"), null, {
        timeout: 20_000,
      });
      assert.equal(await page.textContent("[data-testid=status]"), 'libzmq 4.3.4 says "Hello, World"');
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    }
  });
});
