// The demo's gateway tutorials against scripted peers (zeromq-wasm/testing)
// instead of `npm start`'s services: the demo built with vite build, served
// by the kit with its gateway, its /demo-config.json pointing the page at the
// kit's REP and PUB. Scripted peers give known answers (an exact average), and
// a crash on cue that the demo's own services cannot do (Lazy Pirate).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { build } from "vite";
import { CRASH, startPublisher, startReply, startSite, type ScriptedPeer } from "zeromq-wasm/testing";
import type { DemoEndpoints, PageConfig } from "../../web-demo/demo-config.ts";
import { tutorials } from "../../web-demo/tutorials/catalog.ts";
import { launchChromium } from "../support/chromium.ts";

let browser: Browser;
let demoDir: string;
before(async () => {
  demoDir = mkdtempSync(join(tmpdir(), "zws-kit-demo-"));
  await build({ logLevel: "error", build: { outDir: demoDir, emptyOutDir: true } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  rmSync(demoDir, { recursive: true, force: true });
});

/** Runs a tutorial with the demo's endpoints pointing at the peers given
 * (the rest at a closed port); returns its output. */
async function runTutorial(id: string, peers: Partial<Record<keyof DemoEndpoints, ScriptedPeer>>): Promise<string> {
  const site = await startSite({ pages: demoDir, allow: Object.values(peers) });
  try {
    const nowhere = "tcp://127.0.0.1:9";
    const endpoints = { hello: nowhere, weather: nowhere, tickerSnapshot: nowhere, tickerUpdates: nowhere, flaky: nowhere };
    for (const [name, peer] of Object.entries(peers)) endpoints[name as keyof DemoEndpoints] = peer.endpoint;
    const config: PageConfig = { gatewayPort: site.gateway.port, endpoints };
    writeFileSync(join(demoDir, "demo-config.json"), JSON.stringify(config));
    const page = await browser.newPage();
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(site.pageUrl(`/#/tutorials/${id}`));
    await page.click("[data-testid=run]");
    await page.waitForFunction(() => ["done", "failed", "stopped"].includes(document.querySelector("[data-testid=tutorial-status]")?.textContent ?? ""), null, {
      timeout: 30_000,
    });
    const output = (await page.textContent("[data-testid=output]")) ?? "";
    assert.equal(await page.textContent("[data-testid=tutorial-status]"), "done", output);
    assert.ok(output.includes(tutorials.find((t) => t.id === id)!.expect), output);
    await page.close();
    return output;
  } finally {
    await site.close();
    for (const peer of Object.values(peers)) await peer.close();
  }
}

describe("web demo tutorials against the testing kit's scripted peers", () => {
  it("hello world: ten Hellos reach a scripted REP, and its answers are shown", async () => {
    const hello = await startReply({ answer: ([request], index) => `World ${index} (to ${request})` });
    const output = await runTutorial("hello-world", { hello });
    assert.deepEqual(hello.requests.map(String), Array(10).fill("Hello"));
    assert.ok(output.includes("Received World 9 (to Hello) 9"), output);
  });

  it("weather updates: the page filters one zip code out of a scripted feed and averages exactly what was played", async () => {
    const weather = await startPublisher({ messages: ["10001 20 50", "94103 30 60", "10001 22 55"], intervalMs: 5, loop: true });
    const output = await runTutorial("weather-updates", { weather });
    assert.deepEqual(weather.subscriptions, ["10001 "]);
    // 50 updates of zip 10001 alternate 20 and 22 °C.
    assert.match(output, /Average temperature for zipcode '10001' was 21\.0 °C/);
  });

  it("Lazy Pirate: the REP crashes on the third request and comes back; the client retries with a new socket and gets every answer", async () => {
    const flaky = await startReply({ answer: ([request], index) => (index === 2 ? CRASH : request), restartAfterMs: 200 });
    await runTutorial("lazy-pirate", { flaky });
    // The third request was lost in the crash and sent again.
    assert.deepEqual(flaky.requests.map(String), ["1", "2", "3", "3", "4", "5", "6"]);
    assert.ok(flaky.counts.handshakes >= 2, JSON.stringify(flaky.counts));
  });
});
