// Fan-in: several native PUSH peers into one wasm PULL; wasm PUSH -> native PULL.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Pull, Push } from "../support/zmq.ts";
import { fixtures } from "../support/fixtures.ts";
import { bindAny, text, within } from "../support/util.ts";

const { sockets, peer: startPeer } = fixtures();

describe("interop: Push/Pull with native libzmq", () => {
  it("collects every message from three native pushers, each in order", async () => {
    const pull = sockets.add(new Pull());
    const address = await bindAny(pull);
    for (const name of ["a", "b", "c"]) startPeer("push", { connect: address, name, count: 100 });
    const seen = new Map<string, number[]>();
    for (let i = 0; i < 300; i++) {
      const [name, n] = text(await within(pull.receive(), 10_000, "message"));
      seen.set(name, [...(seen.get(name) ?? []), Number(n)]);
    }
    assert.deepEqual([...seen.keys()].sort(), ["a", "b", "c"]);
    for (const numbers of seen.values()) assert.deepEqual(numbers, Array.from({ length: 100 }, (_, i) => i));
  });

  // A connecting socket in Node reads straight into the shim's inbound ring
  // (net onread): here the ring fills again and again while the reader
  // dawdles, and every byte must still arrive, in order.
  it("a slow connecting wasm Pull takes 40 MB from a native Push intact, through a full ring", async () => {
    const count = 400;
    const size = 100_000;
    const peer = startPeer("push", { name: "big", count, size });
    const pull = sockets.add(new Pull());
    pull.connect(await peer.endpoint());
    for (let i = 0; i < count; i++) {
      const [name, n, body] = await within(pull.receive(), 10_000, `message ${i}`);
      assert.equal(name.toString(), "big");
      assert.equal(Number(n.toString()), i);
      assert.equal(body.length, size);
      assert.ok(body.every((byte) => byte === i % 251), `message ${i}: body bytes differ`);
      if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it("wasm Push -> native Pull", async () => {
    const peer = startPeer("pull", { count: 50 });
    const push = sockets.add(new Push());
    push.connect(await peer.endpoint());
    for (let i = 0; i < 50; i++) await push.send(["task", String(i)]);
    const received = (await peer.next("received")).received as string[][];
    assert.deepEqual(received.map(([, n]) => Number(n)), Array.from({ length: 50 }, (_, i) => i));
  });
});
