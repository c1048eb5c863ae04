import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Publisher, Subscriber } from "../dist/index.js";
import { bindAny, sleep, text, within } from "./support/util.ts";
import { fixtures } from "./support/fixtures.ts";

const { sockets } = fixtures();

/** Publishes [topic, n] for each topic until stop() is called. */
function publishLoop(pub: Publisher, topics: string[]) {
  let running = true;
  const done = (async () => {
    for (let n = 0; running; n++) {
      for (const topic of topics) await pub.send([topic, String(n)]);
      await sleep(2);
    }
  })();
  return async () => {
    running = false;
    await done;
  };
}

describe("Publisher/Subscriber", () => {
  it("delivers only topics that match a subscribed prefix", async () => {
    const pub = sockets.add(new Publisher());
    const sub = sockets.add(new Subscriber());
    sub.connect(await bindAny(pub));
    sub.subscribe("weather.", "news");
    const stop = publishLoop(pub, ["weather.nyc", "sports", "newsflash", "weathervane"]);
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) seen.add(text(await within(sub.receive(), 5000, "message"))[0]);
    await stop();
    assert.deepEqual([...seen].sort(), ["newsflash", "weather.nyc"]);
  });

  it("receives everything after subscribe() with no prefix, and stops after unsubscribe()", async () => {
    const pub = sockets.add(new Publisher());
    const sub = sockets.add(new Subscriber({ receiveTimeout: 300 }));
    sub.connect(await bindAny(pub));
    sub.subscribe();
    const stop = publishLoop(pub, ["a", "b"]);
    const topics = new Set<string>();
    for (let i = 0; i < 10; i++) topics.add(text(await within(sub.receive(), 5000, "message"))[0]);
    assert.deepEqual([...topics].sort(), ["a", "b"]);
    sub.unsubscribe();
    await sleep(100);
    // Drain what was in flight, then nothing more comes.
    await assert.rejects(async () => {
      for (;;) await sub.receive();
    }, { code: "EAGAIN" });
    await stop();
  });

  it("iterates with for await and ends when the socket closes", async () => {
    const pub = sockets.add(new Publisher());
    const sub = sockets.add(new Subscriber());
    sub.connect(await bindAny(pub));
    sub.subscribe("t");
    const stop = publishLoop(pub, ["t"]);
    const bodies: string[] = [];
    for await (const [topic, body] of sub) {
      assert.equal(topic.toString(), "t");
      bodies.push(body.toString());
      if (bodies.length === 5) sub.close();
    }
    await stop();
    assert.equal(bodies.length, 5);
  });

  it("drops what exceeds the high-water marks instead of buffering without bound", async () => {
    const pub = sockets.add(new Publisher({ sendHighWaterMark: 10 }));
    const sub = sockets.add(new Subscriber({ receiveHighWaterMark: 10, receiveTimeout: 300 }));
    const address = `inproc://hwm-${Math.random()}`;
    await pub.bind(address);
    sub.connect(address);
    sub.subscribe();
    await sleep(50);
    for (let i = 0; i < 10_000; i++) await pub.send(String(i));
    let received = 0;
    try {
      for (;;) {
        await sub.receive();
        received++;
      }
    } catch (error) {
      assert.equal((error as { code?: string }).code, "EAGAIN");
    }
    assert.ok(received > 0 && received <= 40, `received ${received} of 10000 with HWM 10`);
  });
});
