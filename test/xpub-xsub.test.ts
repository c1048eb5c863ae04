import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Publisher, Subscriber, XPublisher, XSubscriber } from "../dist/index.js";
import { bindAny, sleep, within } from "./support/util.ts";
import { fixtures } from "./support/fixtures.ts";

const { sockets } = fixtures();

describe("XPublisher/XSubscriber", () => {
  it("shows subscriptions to the XPublisher as [1, ...prefix] / [0, ...prefix]", async () => {
    const xpub = sockets.add(new XPublisher());
    const sub = sockets.add(new Subscriber());
    sub.connect(await bindAny(xpub));
    sub.subscribe("temp");
    const [subscription] = await within(xpub.receive(), 5000, "subscribe");
    assert.equal(subscription[0], 1);
    assert.equal(Buffer.from(subscription.subarray(1)).toString(), "temp");
    sub.unsubscribe("temp");
    const [unsubscription] = await within(xpub.receive(), 5000, "unsubscribe");
    assert.equal(unsubscription[0], 0);
  });

  it("subscribes an XSubscriber by sending, and forwards through an XPUB/XSUB proxy loop", async () => {
    const pub = sockets.add(new Publisher());
    const xsub = sockets.add(new XSubscriber());
    xsub.connect(await bindAny(pub));
    const xpub = sockets.add(new XPublisher());
    const sub = sockets.add(new Subscriber());
    sub.connect(await bindAny(xpub));
    sub.subscribe("a");
    // A tiny proxy: subscriptions upstream, messages downstream.
    const [subscription] = await within(xpub.receive(), 5000, "subscription");
    await xsub.send(subscription);
    await sleep(100);
    const forwarding = (async () => {
      for (let i = 0; i < 2; i++) await xpub.send(await xsub.receive());
    })();
    await pub.send(["b", "not for us"]);
    await pub.send(["a", "one"]);
    await pub.send(["a", "two"]);
    await within(forwarding, 5000, "forwarding");
    assert.deepEqual((await sub.receive()).map(String), ["a", "one"]);
    assert.deepEqual((await sub.receive()).map(String), ["a", "two"]);
  });
});
