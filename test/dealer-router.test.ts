import { describe } from "node:test";
import { testHosts } from "./support/hosts.ts";

for (const host of testHosts("node", "page")) {
  describe(`Dealer/Router (${host.name})`, () => {
    host.it("prefixes the sender's routing id, and routes replies by it", async ({ zmq, sockets, bindAny, within, text, assert }) => {
      const router = sockets.add(new zmq.Router());
      const address = await bindAny(router);
      const alice = sockets.add(new zmq.Dealer({ routingId: "alice" }));
      const bob = sockets.add(new zmq.Dealer({ routingId: "bob" }));
      alice.connect(address);
      bob.connect(address);
      await alice.send(["hi from", "alice"]);
      await bob.send(["hi from", "bob"]);
      const got = [await router.receive(), await router.receive()].map(text).sort();
      assert.deepEqual(got, [
        ["alice", "hi from", "alice"],
        ["bob", "hi from", "bob"],
      ]);
      await router.send(["bob", "only for bob"]);
      assert.deepEqual(text(await within(bob.receive(), 5000, "bob")), ["only for bob"]);
      assert.equal(alice.routingId, "alice");
    });

    host.it("carries a Request's envelope (id, empty delimiter, body) through a Router", async ({ zmq, sockets, bindAny, within, text, assert }) => {
      const router = sockets.add(new zmq.Router());
      const address = await bindAny(router);
      const req = sockets.add(new zmq.Request({ routingId: "client-1" }));
      req.connect(address);
      await req.send("question");
      const envelope = await within(router.receive(), 5000, "request");
      assert.deepEqual(text(envelope), ["client-1", "", "question"]);
      await router.send([envelope[0], "", "answer"]);
      assert.deepEqual(text(await within(req.receive(), 5000, "reply")), ["answer"]);
    });

    host.it("talks to a Reply from a Dealer with an explicit empty delimiter", async ({ zmq, sockets, bindAny, within, text, assert }) => {
      const rep = sockets.add(new zmq.Reply());
      const dealer = sockets.add(new zmq.Dealer());
      dealer.connect(await bindAny(rep));
      await dealer.send(["", "ping"]);
      assert.deepEqual(text(await within(rep.receive(), 5000, "rep")), ["ping"]);
      await rep.send("pong");
      assert.deepEqual(text(await within(dealer.receive(), 5000, "dealer")), ["", "pong"]);
    });

    host.it("names a connected peer with Router.connect({ routingId })", async ({ zmq, sockets, bindAny, within, sleep, assert }) => {
      const server = sockets.add(new zmq.Router());
      const address = await bindAny(server);
      const client = sockets.add(new zmq.Router({ mandatory: true }));
      client.connect(address, { routingId: "server" });
      let sent = false;
      for (let i = 0; i < 100 && !sent; i++) {
        try {
          await client.send(["server", "hello"]);
          sent = true;
        } catch (error) {
          // Until the handshake completes the peer is unknown.
          assert.equal((error as { code?: string }).code, "EHOSTUNREACH");
          await sleep(20);
        }
      }
      assert.ok(sent);
      const [, body] = await within(server.receive(), 5000, "server");
      assert.equal(body.toString(), "hello");
    });

    host.it("fails with EHOSTUNREACH for an unknown routing id when mandatory", async ({ zmq, sockets, bindAny, assert }) => {
      // sendTimeout 0: without peers a mandatory Router is not writable, and
      // (as in zeromq.js) a send would wait for one until the timeout.
      const router = sockets.add(new zmq.Router({ mandatory: true, sendTimeout: 0 }));
      await bindAny(router);
      await assert.rejects(router.send(["nobody", "x"]), { code: "EHOSTUNREACH" });
    });
  });
}
