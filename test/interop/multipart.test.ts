// Multipart integrity across the boundary: many frames, empty frames, binary, large.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Request } from "../support/zmq.ts";
import { fixtures } from "../support/fixtures.ts";
import { within } from "../support/util.ts";

const { sockets, peer: startPeer } = fixtures();

describe("interop: multipart messages with native libzmq", () => {
  it("keeps every frame of mixed messages intact through a native echo", async () => {
    const peer = startPeer("rep", { count: 3 });
    const req = sockets.add(new Request());
    req.connect(await peer.endpoint());
    const binary = Buffer.alloc(256, 0);
    for (let i = 0; i < 256; i++) binary[i] = i;
    const large = Buffer.alloc(300_000, 7);
    const messages = [
      ["head", "", "x", "", "tail"],
      ["binary", binary, binary.subarray(0, 1)],
      ["large", large, "after"],
    ];
    for (const message of messages) {
      await req.send(message);
      const reply = await within(req.receive(), 10_000, "echo");
      assert.equal(reply.length, message.length);
      assert.equal(reply[0].toString(), `echo:${message[0]}`);
      for (let i = 1; i < message.length; i++) assert.ok(Buffer.from(reply[i]).equals(Buffer.from(message[i] as never)), `frame ${i}`);
    }
  });
});
