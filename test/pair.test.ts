import { describe } from "node:test";
import { testHosts } from "./support/hosts.ts";

for (const host of testHosts("node", "page")) {
  describe(`Pair (${host.name})`, () => {
    host.it("exchanges messages both ways", async ({ zmq, sockets, bindAny, within, text, assert }) => {
      const a = sockets.add(new zmq.Pair());
      const b = sockets.add(new zmq.Pair());
      b.connect(await bindAny(a));
      await a.send(["from", "a"]);
      assert.deepEqual(text(await within(b.receive(), 5000, "b")), ["from", "a"]);
      await b.send(["from", "b"]);
      assert.deepEqual(text(await within(a.receive(), 5000, "a")), ["from", "b"]);
    });

    host.it("exchanges messages both ways over inproc", async ({ zmq, sockets, inproc, within, text, assert }) => {
      const a = sockets.add(new zmq.Pair());
      const b = sockets.add(new zmq.Pair());
      const address = inproc("pair");
      await a.bind(address);
      b.connect(address);
      await a.send(["from", "a"]);
      assert.deepEqual(text(await within(b.receive(), 5000, "b")), ["from", "a"]);
      await b.send(["from", "b"]);
      assert.deepEqual(text(await within(a.receive(), 5000, "a")), ["from", "b"]);
    });

    host.it("moves large messages intact (1 MiB)", async ({ zmq, sockets, bindAny, within, assert }) => {
      const a = sockets.add(new zmq.Pair());
      const b = sockets.add(new zmq.Pair());
      b.connect(await bindAny(a));
      const big = new Uint8Array(1 << 20);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
      await a.send(big);
      const [got] = await within(b.receive(), 10_000, "big");
      assert.equal(got.length, big.length);
      assert.deepEqual(new Uint8Array(got), big);
    });
  });
}
