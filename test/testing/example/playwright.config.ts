// An example team's Playwright config for zeromq-wasm/testing/playwright:
// Debian's Chromium (no browser download), and the page directory the
// zmq fixture serves.
import { defineConfig } from "@playwright/test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ZeromqOptions } from "zeromq-wasm/testing/playwright";

export default defineConfig<ZeromqOptions>({
  testDir: ".",
  reporter: "line",
  // Not in the checkout: what Playwright keeps of failed runs.
  outputDir: process.env.EXAMPLE_OUTPUT_DIR ?? join(tmpdir(), "zeromq-wasm-testing-example"),
  timeout: 30_000,
  use: {
    zmqPages: fileURLToPath(new URL("../page/", import.meta.url)),
    launchOptions: { executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] },
  },
});
