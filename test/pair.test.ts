import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Pair } from "../dist/index.js";
import { bindAny, text, within } from "./support/util.ts";
import { fixtures } from "./support/fixtures.ts";

const { sockets } = fixtures();

describe("Pair", () => {
  for (const transport of ["inproc", "tcp"]) {
    it(`exchanges messages both ways over ${transport}`, async () => {
      const a = sockets.add(new Pair());
      const b = sockets.add(new Pair());
      const address = transport === "tcp" ? await bindAny(a) : `inproc://pair-${Math.random()}`;
      if (transport === "inproc") await a.bind(address);
      b.connect(address);
      await a.send(["from", "a"]);
      assert.deepEqual(text(await within(b.receive(), 5000, "b")), ["from", "a"]);
      await b.send(["from", "b"]);
      assert.deepEqual(text(await within(a.receive(), 5000, "a")), ["from", "b"]);
    });
  }

  it("moves large messages intact (1 MiB over tcp)", async () => {
    const a = sockets.add(new Pair());
    const b = sockets.add(new Pair());
    b.connect(await bindAny(a));
    const big = Buffer.alloc(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    await a.send(big);
    const [got] = await within(b.receive(), 10_000, "big");
    assert.equal(got.length, big.length);
    assert.ok(Buffer.from(got).equals(big));
  });
});
