// The demo as a static site: `vite build` (the project's vite.config.ts, as
// the README tells deployers), served by `vite preview` with the two
// isolation headers, in Chromium. No demo server: the page falls back to its
// embedded config and inproc tutorials run entirely in the page's worker.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { build, preview } from "vite";
import { tutorials } from "../../web-demo/tutorials/catalog.ts";
import { launchChromium } from "../support/chromium.ts";

describe("the web demo built with vite build", () => {
  it("loads libzmq in its worker, runs an inproc tutorial from the static files, and says which gateway it cannot reach", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "zws-vite-"));
    await build({ logLevel: "error", build: { outDir, emptyOutDir: true } });
    const server = await preview({ logLevel: "error", build: { outDir }, preview: { port: 0, strictPort: false } });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const inproc = tutorials.find((t) => t.where === "inproc")!;
      const response = await page.goto(`${server.resolvedUrls!.local[0]}#/tutorials/${inproc.id}`);
      // Served by a plain static server: no isolation headers needed.
      assert.equal(response?.headers()["cross-origin-embedder-policy"], undefined);
      await page.waitForFunction(() => document.querySelector("[data-testid=status]")?.textContent?.startsWith("libzmq"), null, { timeout: 20_000 });
      assert.equal(await page.textContent("[data-testid=status]"), "libzmq 4.3.4 in a Web Worker");
      await page.waitForSelector("[data-testid=run]");
      await page.click("[data-testid=run]");
      await page.waitForFunction(() => document.querySelector("[data-testid=tutorial-status]")?.textContent !== "running", null, {
        timeout: 20_000,
      });
      assert.equal(await page.textContent("[data-testid=tutorial-status]"), "done");
      assert.ok((await page.textContent("[data-testid=output]"))!.includes(inproc.expect));

      // The dashboard without a gateway to reach: after a few seconds it
      // says what it tried to reach and how to configure it, instead of
      // "connecting" forever. No demo control in a static build.
      await page.goto(`${server.resolvedUrls!.local[0]}#/`);
      const notice = page.locator("[data-testid=unreachable]");
      await notice.waitFor({ state: "visible", timeout: 20_000 });
      const text = (await notice.textContent())!;
      assert.match(text, /ws:\/\/localhost:8089/, "names the gateway it tried");
      assert.match(text, /built-in defaults/, "says where that came from");
      assert.match(text, /\/demo-config\.json/, "says how to configure it");
      assert.match(text, /npm start/);
      assert.equal(await page.textContent("[data-testid=connection-state]"), "connecting");
      assert.equal(await page.locator("[data-testid=control-weather]").count(), 0);
      assert.equal(await page.isVisible("[data-testid=feed-controls]"), false);
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    }
  });
});
