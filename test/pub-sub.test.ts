import { describe } from "node:test";
import type { Publisher } from "../dist/index.js";
import { testHosts, type HostContext } from "./support/hosts.ts";

/** Publishes [topic, n] for each topic until the returned stop() is called. */
function publishLoop({ sleep }: HostContext, pub: Publisher, topics: string[]) {
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

for (const host of testHosts("node", "page")) {
  describe(`Publisher/Subscriber (${host.name})`, () => {
    const uses = { uses: [publishLoop] };

    host.it("delivers only topics that match a subscribed prefix", async (t) => {
      const pub = t.sockets.add(new t.zmq.Publisher());
      const sub = t.sockets.add(new t.zmq.Subscriber());
      sub.connect(await t.bindAny(pub));
      sub.subscribe("weather.", "news");
      const stop = publishLoop(t, pub, ["weather.nyc", "sports", "newsflash", "weathervane"]);
      const seen = new Set<string>();
      for (let i = 0; i < 40; i++) seen.add(t.text(await t.within(sub.receive(), 5000, "message"))[0]);
      await stop();
      t.assert.deepEqual([...seen].sort(), ["newsflash", "weather.nyc"]);
    }, uses);

    host.it("receives everything after subscribe() with no prefix, and stops after unsubscribe()", async (t) => {
      const pub = t.sockets.add(new t.zmq.Publisher());
      const sub = t.sockets.add(new t.zmq.Subscriber({ receiveTimeout: 300 }));
      sub.connect(await t.bindAny(pub));
      sub.subscribe();
      const stop = publishLoop(t, pub, ["a", "b"]);
      const topics = new Set<string>();
      for (let i = 0; i < 10; i++) topics.add(t.text(await t.within(sub.receive(), 5000, "message"))[0]);
      t.assert.deepEqual([...topics].sort(), ["a", "b"]);
      sub.unsubscribe();
      await t.sleep(100);
      // Drain what was in flight, then nothing more comes.
      await t.assert.rejects(async () => {
        for (;;) await sub.receive();
      }, { code: "EAGAIN" });
      await stop();
    }, uses);

    host.it("iterates with for await and ends when the socket closes", async (t) => {
      const pub = t.sockets.add(new t.zmq.Publisher());
      const sub = t.sockets.add(new t.zmq.Subscriber());
      sub.connect(await t.bindAny(pub));
      sub.subscribe("t");
      const stop = publishLoop(t, pub, ["t"]);
      const bodies: string[] = [];
      for await (const [topic, body] of sub) {
        t.assert.equal(topic.toString(), "t");
        bodies.push(body.toString());
        if (bodies.length === 5) sub.close();
      }
      await stop();
      t.assert.equal(bodies.length, 5);
    }, uses);

    host.it("drops what exceeds the high-water marks instead of buffering without bound", async ({ zmq, sockets, inproc, sleep, assert }) => {
      const pub = sockets.add(new zmq.Publisher({ sendHighWaterMark: 10 }));
      const sub = sockets.add(new zmq.Subscriber({ receiveHighWaterMark: 10, receiveTimeout: 300 }));
      const address = inproc("hwm");
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
}
