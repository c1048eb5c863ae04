import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Dealer, Reply, Request, Router } from "../dist/index.js";
import { bindAny, text, within } from "./support/util.ts";
import { fixtures } from "./support/fixtures.ts";

const { sockets } = fixtures();

describe("Dealer/Router", () => {
  it("prefixes the sender's routing id, and routes replies by it", async () => {
    const router = sockets.add(new Router());
    const address = await bindAny(router);
    const alice = sockets.add(new Dealer({ routingId: "alice" }));
    const bob = sockets.add(new Dealer({ routingId: "bob" }));
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

  it("carries a Request's envelope (id, empty delimiter, body) through a Router", async () => {
    const router = sockets.add(new Router());
    const address = await bindAny(router);
    const req = sockets.add(new Request({ routingId: "client-1" }));
    req.connect(address);
    await req.send("question");
    const envelope = await within(router.receive(), 5000, "request");
    assert.deepEqual(text(envelope), ["client-1", "", "question"]);
    await router.send([envelope[0], "", "answer"]);
    assert.deepEqual(text(await within(req.receive(), 5000, "reply")), ["answer"]);
  });

  it("talks to a Reply from a Dealer with an explicit empty delimiter", async () => {
    const rep = sockets.add(new Reply());
    const dealer = sockets.add(new Dealer());
    dealer.connect(await bindAny(rep));
    await dealer.send(["", "ping"]);
    assert.deepEqual(text(await within(rep.receive(), 5000, "rep")), ["ping"]);
    await rep.send("pong");
    assert.deepEqual(text(await within(dealer.receive(), 5000, "dealer")), ["", "pong"]);
  });

  it("names a connected peer with Router.connect({ routingId })", async () => {
    const server = sockets.add(new Router());
    const address = await bindAny(server);
    const client = sockets.add(new Router({ mandatory: true }));
    client.connect(address, { routingId: "server" });
    let sent = false;
    for (let i = 0; i < 100 && !sent; i++) {
      try {
        await client.send(["server", "hello"]);
        sent = true;
      } catch (error) {
        // Until the handshake completes the peer is unknown.
        assert.equal((error as { code?: string }).code, "EHOSTUNREACH");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    assert.ok(sent);
    const [, body] = await within(server.receive(), 5000, "server");
    assert.equal(body.toString(), "hello");
  });

  it("fails with EHOSTUNREACH for an unknown routing id when mandatory", async () => {
    const router = sockets.add(new Router({ mandatory: true }));
    await bindAny(router);
    await assert.rejects(router.send(["nobody", "x"]), { code: "EHOSTUNREACH" });
  });
});
