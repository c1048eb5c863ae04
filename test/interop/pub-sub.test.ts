// native PUB -> wasm SUB with prefix filters, and wasm PUB -> native SUB.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Publisher, Subscriber } from "../support/zmq.ts";
import { fixtures } from "../support/fixtures.ts";
import { bindAny, sleep, text, within } from "../support/util.ts";

const { sockets, peer: startPeer } = fixtures();

describe("interop: Publisher/Subscriber with native libzmq", () => {
  it("native Publisher -> wasm Subscriber: only subscribed prefixes arrive", async () => {
    const peer = startPeer("pub", { topics: ["weather.10001", "weather.94105", "sports", "weatherman"], rounds: 400 });
    const sub = sockets.add(new Subscriber());
    sub.connect(await peer.endpoint());
    sub.subscribe("weather.1", "sports");
    const topics = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const [topic, body] = text(await within(sub.receive(), 10_000, "update"));
      assert.ok(body.startsWith(topic));
      topics.add(topic);
    }
    assert.deepEqual([...topics].sort(), ["sports", "weather.10001"]);
  });

  it("wasm Publisher -> native Subscriber with a filter", async () => {
    const pub = sockets.add(new Publisher());
    const peer = startPeer("sub", { connect: await bindAny(pub), subscribe: ["keep"], count: 10 });
    await peer.endpoint();
    await sleep(300); // the subscription reaches the publisher
    const sending = (async () => {
      for (let i = 0; i < 400; i++) {
        await pub.send(["drop", String(i)]);
        await pub.send(["keep", String(i)]);
        await sleep(1);
      }
    })();
    const received = (await peer.next("received", 15_000)).received as string[][];
    await sending;
    assert.equal(received.length, 10);
    for (const [topic] of received) assert.equal(topic, "keep");
  });
});
