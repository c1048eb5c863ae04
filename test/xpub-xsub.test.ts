import { describe } from "node:test";
import { testHosts } from "./support/hosts.ts";

for (const host of testHosts("node", "page")) {
  describe(`XPublisher/XSubscriber (${host.name})`, () => {
    host.it("shows subscriptions to the XPublisher as [1, ...prefix] / [0, ...prefix]", async ({ zmq, sockets, bindAny, within, text, assert }) => {
      const xpub = sockets.add(new zmq.XPublisher());
      const sub = sockets.add(new zmq.Subscriber());
      sub.connect(await bindAny(xpub));
      sub.subscribe("temp");
      const [subscription] = await within(xpub.receive(), 5000, "subscribe");
      assert.equal(subscription[0], 1);
      assert.deepEqual(text([subscription.subarray(1)]), ["temp"]);
      sub.unsubscribe("temp");
      const [unsubscription] = await within(xpub.receive(), 5000, "unsubscribe");
      assert.equal(unsubscription[0], 0);
    });

    host.it("subscribes an XSubscriber by sending, and forwards through an XPUB/XSUB proxy loop", async ({ zmq, sockets, bindAny, within, sleep, assert }) => {
      const pub = sockets.add(new zmq.Publisher());
      const xsub = sockets.add(new zmq.XSubscriber());
      xsub.connect(await bindAny(pub));
      const xpub = sockets.add(new zmq.XPublisher());
      const sub = sockets.add(new zmq.Subscriber());
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
}
