/** The web demo under test: startDemo() on a random block of ports, so a
 * running `npm start` does not clash; screenshots go to test-artifacts/. */
import { mkdirSync } from "node:fs";
import { startDemo, type Demo, type DemoOptions } from "../../web-demo/server/demo.ts";

export const artifacts = "test-artifacts";
mkdirSync(artifacts, { recursive: true });

export function startTestDemo(options: Omit<DemoOptions, "ports"> = {}): Promise<Demo> {
  const base = 20000 + Math.floor(Math.random() * 20000);
  const ports = { web: 0, gateway: 0, hello: base, weather: base + 1, tickerSnapshot: base + 2, tickerUpdates: base + 3, flaky: base + 4 };
  return startDemo({ ...options, ports });
}
