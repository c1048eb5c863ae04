// The web demo's parts that need no browser: its fake data stays plausible
// however long it runs, the ticker's change is against the opening price,
// the chart colours stay apart for colour-blind readers, and a feed's
// health reads right.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cities } from "../web-demo/demo-config.ts";
import { feedHealth } from "../web-demo/dashboard/feed-health.ts";
import { seriesColors } from "../web-demo/dashboard/palette.ts";
import { changePercent } from "../web-demo/dashboard/ticker-table.ts";
import { fixFor } from "../web-demo/startup-error.ts";
import { priceWalk, temperatureWalk } from "../web-demo/server/services/fake-data.ts";
import { colorDistance, visions } from "./support/color-vision.ts";
import { prng } from "./support/prng.ts";

const STEPS = 1_000_000; // ~14 hours of one city's readings at npm start's default rate

function run(walk: { next(): number }, steps: number) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    const value = walk.next();
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
  }
  return { min, max, mean: sum / steps };
}

describe("web demo: fake data", () => {
  for (const mean of [-1, 4, 12]) {
    it(`a city's temperature around ${mean} °C stays plausible over ${STEPS.toLocaleString("en-US")} readings`, () => {
      const { min, max, mean: average } = run(temperatureWalk(mean, prng(mean + 100).next), STEPS);
      assert.ok(min >= mean - 15 && max <= mean + 15, `ranged ${min.toFixed(1)}..${max.toFixed(1)} °C`);
      assert.ok(Math.abs(average - mean) < 0.5, `averaged ${average.toFixed(2)} °C`);
      assert.ok(max - min > 3, `it moves: ${min.toFixed(1)}..${max.toFixed(1)} °C`);
    });
  }

  it(`a share price stays within half its base either way over ${STEPS.toLocaleString("en-US")} updates`, () => {
    const { min, max, mean } = run(priceWalk(100, prng(7).next), STEPS);
    assert.ok(min > 50 && max < 150, `ranged ${min.toFixed(2)}..${max.toFixed(2)}`);
    assert.ok(Math.abs(mean - 100) < 2, `averaged ${mean.toFixed(2)}`);
  });
});

describe("web demo: ticker change", () => {
  it("is the change since the opening price, in percent of the opening price", () => {
    assert.equal(changePercent(110, 100), 10);
    assert.equal(changePercent(90, 100), -10);
    assert.equal(changePercent(100, 100), 0);
  });
});

describe("web demo: chart colours", () => {
  it("the weather's cities' colours stay apart for normal vision and for protanopia, deuteranopia and tritanopia", () => {
    const colors = seriesColors.slice(0, cities.length);
    for (const [vision, matrix] of Object.entries(visions)) {
      for (let i = 0; i < colors.length; i++) {
        for (let j = i + 1; j < colors.length; j++) {
          const distance = colorDistance(colors[i], colors[j], matrix);
          assert.ok(distance >= 20, `${vision}: ${cities[i].name} ${colors[i]} and ${cities[j].name} ${colors[j]} are ${distance.toFixed(1)} apart`);
        }
      }
    }
  });
});

describe("web demo: feed health", () => {
  it("is ok while messages arrive, stale when a connected feed goes quiet, down when disconnected", () => {
    assert.equal(feedHealth("live", 1000, 1500).health, "ok");
    assert.equal(feedHealth("live", 1000, 5000).health, "stale");
    assert.equal(feedHealth("live", undefined, 5000).health, "stale");
    assert.match(feedHealth("reconnecting", 1000, 13_000).text, /^reconnecting, last update 12 s ago$/);
    assert.equal(feedHealth("connecting", undefined, 0).text, "connecting, nothing received yet");
  });
});

describe("web demo: startup error", () => {
  it("names the two isolation headers when libzmq needs SharedArrayBuffer", () => {
    const fix = fixFor("zeromq-wasm needs SharedArrayBuffer and Atomics.waitAsync (WebAssembly threads).");
    assert.match(fix, /Cross-Origin-Opener-Policy: same-origin/);
    assert.match(fix, /Cross-Origin-Embedder-Policy: require-corp/);
  });

  it("otherwise says what to check about the worker and zmq.wasm", () => {
    const fix = fixFor("Failed to fetch");
    assert.match(fix, /zmq\.wasm/);
    assert.doesNotMatch(fix, /Cross-Origin-Opener-Policy/);
  });
});

describe("a tutorial page's list of the Guide's examples", () => {
  it("names each example once, and not the mdp.ts constants", async () => {
    const { examplesOf } = await import("../web-demo/tutorials/examples.ts");
    const { tutorials } = await import("../web-demo/tutorials/catalog.ts");
    const byId = (id: string) => tutorials.find((t) => t.id === id)!;
    assert.deepEqual(examplesOf(byId("clone-pattern")), ["clonecli", "clonesrv"]);
    assert.deepEqual(examplesOf(byId("majordomo")), ["mdcliapi", "mdwrkapi", "mdbroker", "mdworker", "mdclient"]);
    assert.ok(!examplesOf(byId("titanic")).includes("mdp"));
    for (const tutorial of tutorials) {
      const names = examplesOf(tutorial);
      assert.equal(new Set(names).size, names.length, tutorial.id);
    }
  });
});
