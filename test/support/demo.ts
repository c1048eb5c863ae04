/** The web demo under test: startDemo() on a random block of ports, so a
 * running `npm start` does not clash; screenshots go to test-artifacts/.
 * The Lazy Pirate server fails no request unless a test asks (option
 * flakyFailureRate, or POST /demo/control/flaky/failure-rate): its
 * failures are random, a test's outcome must not be. */
import { mkdirSync } from "node:fs";
import { startDemo, type Demo, type DemoOptions } from "../../web-demo/server/demo.ts";

export const artifacts = "test-artifacts";
mkdirSync(artifacts, { recursive: true });

export async function startTestDemo(options: Omit<DemoOptions, "ports"> = {}): Promise<Demo> {
  for (let attempt = 1; ; attempt++) {
    // Below Linux's ephemeral range (32768 up), where the suite's own
    // outgoing connections take ports; a block still taken is tried anew.
    const base = 20000 + Math.floor(Math.random() * 12000);
    const ports = { web: 0, gateway: 0, hello: base, weather: base + 1, tickerSnapshot: base + 2, tickerUpdates: base + 3, flaky: base + 4 };
    try {
      return await startDemo({ flakyFailureRate: 0, ...options, ports });
    } catch (error) {
      if ((error as { code?: string }).code !== "EADDRINUSE" || attempt === 5) throw error;
    }
  }
}
