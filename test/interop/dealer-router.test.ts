// Envelopes across the boundary: wasm DEALER/REQ -> native ROUTER, native DEALER -> wasm ROUTER.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Dealer, Request, Router } from "../support/zmq.ts";
import { fixtures } from "../support/fixtures.ts";
import { bindAny, text, within } from "../support/util.ts";

const { sockets, peer: startPeer } = fixtures();

describe("interop: Dealer/Router with native libzmq", () => {
  it("wasm Request -> native Router keeps the envelope", async () => {
    const peer = startPeer("router", { count: 5 });
    const req = sockets.add(new Request({ routingId: "wasm-req" }));
    req.connect(await peer.endpoint());
    for (let i = 0; i < 5; i++) {
      await req.send([`q${i}`, "extra"]);
      assert.deepEqual(text(await within(req.receive(), 5000, "reply")), [`ack:q${i}`, "extra"]);
    }
  });

  it("wasm Dealer -> native Router: delimiter frames pass through", async () => {
    const peer = startPeer("router", { count: 3 });
    const dealer = sockets.add(new Dealer({ routingId: "wasm-dealer" }));
    dealer.connect(await peer.endpoint());
    for (let i = 0; i < 3; i++) {
      await dealer.send(["", `job${i}`]);
      assert.deepEqual(text(await within(dealer.receive(), 5000, "reply")), ["", `ack:job${i}`]);
    }
  });

  it("native Dealer -> wasm Router: the identity arrives first and routes the reply", async () => {
    const router = sockets.add(new Router());
    const peer = startPeer("dealer", { connect: await bindAny(router), identity: "py-7", count: 3 });
    for (let i = 0; i < 3; i++) {
      const [identity, empty, body] = await within(router.receive(), 5000, "request");
      assert.equal(identity.toString(), "py-7");
      assert.equal(empty.length, 0);
      await router.send([identity, "", `done ${body.toString()}`]);
      assert.deepEqual((await peer.next("reply")).reply, ["", `done job ${i}`]);
    }
  });
});
