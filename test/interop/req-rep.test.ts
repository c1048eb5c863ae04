// wasm Request/Reply against native libzmq (pyzmq), both directions.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Reply, Request } from "../support/zmq.ts";
import { fixtures } from "../support/fixtures.ts";
import { bindAny, text, within } from "../support/util.ts";

const { sockets, peer: startPeer } = fixtures();

describe("interop: Request/Reply with native libzmq", () => {
  it("wasm Request -> native Reply", async () => {
    const peer = startPeer("rep", { count: 50 });
    const req = sockets.add(new Request());
    req.connect(await peer.endpoint());
    for (let i = 0; i < 50; i++) {
      await req.send([`hello ${i}`, "tail"]);
      assert.deepEqual(text(await within(req.receive(), 5000, "reply")), [`echo:hello ${i}`, "tail"]);
    }
    await peer.next("done");
  });

  it("native Request -> wasm Reply", async () => {
    const rep = sockets.add(new Reply());
    const peer = startPeer("req", { connect: await bindAny(rep), count: 20 });
    for (let i = 0; i < 20; i++) {
      const request = await within(rep.receive(), 5000, "request");
      assert.deepEqual(text(request), [`req ${i}`, "second frame"]);
      await rep.send(["reply", request[0]]);
      assert.deepEqual((await peer.next("reply")).reply, ["reply", `req ${i}`]);
    }
  });
});
