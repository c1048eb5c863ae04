/** Debian's Chromium, driven by playwright-core (no browser download). */
import { execSync } from "node:child_process";
import { chromium, type Browser } from "playwright-core";

export function chromiumPath(): string {
  return execSync("command -v chromium", { encoding: "utf8" }).trim();
}

/** CHROMIUM_EXTRA="--flag ..." adds switches (profiling, experiments). */
export function launchChromium(extra: string[] = (process.env.CHROMIUM_EXTRA ?? "").split(" ").filter(Boolean)): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...extra,
    ],
  });
}
