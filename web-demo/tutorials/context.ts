// What a tutorial's run() gets from the page.
import type { DemoEndpoints } from "../demo-config.ts";

export interface TutorialContext {
  /** Appends a line to the page's output log. */
  log(...parts: unknown[]): void;
  /** The demo services' tcp:// endpoints (reached through the gateway). */
  endpoints: DemoEndpoints;
  /** Aborted when the reader presses Stop or leaves the page. */
  signal: AbortSignal;
}

/** Waits ms, or less if the run is stopped. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
