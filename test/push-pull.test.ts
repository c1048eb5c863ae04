import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Pull, Push } from "../dist/index.js";
import { bindAny, sleep, within } from "./support/util.ts";
import { fixtures } from "./support/fixtures.ts";

const { sockets } = fixtures();

describe("Push/Pull", () => {
  it("spreads messages round robin over connected workers", async () => {
    const push = sockets.add(new Push());
    const address = await bindAny(push);
    const workers = [new Pull(), new Pull()].map((s) => sockets.add(s));
    for (const worker of workers) worker.connect(address);
    await sleep(200); // both connected, so both get a share
    for (let i = 0; i < 20; i++) await push.send(`task ${i}`);
    const counts = await within(
      Promise.all(
        workers.map(async (worker) => {
          let n = 0;
          worker.receiveTimeout = 500;
          try {
            for (;;) {
              await worker.receive();
              n++;
            }
          } catch {
            return n;
          }
        }),
      ),
      10_000,
      "workers",
    );
    assert.equal(counts[0] + counts[1], 20);
    assert.equal(counts[0], 10);
  });

  it("collects from several pushers (fan-in)", async () => {
    const sink = sockets.add(new Pull());
    const address = await bindAny(sink);
    const pushers = [0, 1, 2].map(() => sockets.add(new Push()));
    for (const [i, pusher] of pushers.entries()) {
      pusher.connect(address);
      for (let n = 0; n < 10; n++) await pusher.send([`p${i}`, String(n)]);
    }
    const seen = new Map<string, number[]>();
    for (let i = 0; i < 30; i++) {
      const [from, n] = await within(sink.receive(), 5000, "message");
      seen.set(from.toString(), [...(seen.get(from.toString()) ?? []), Number(n.toString())]);
    }
    for (const [, ns] of seen) assert.deepEqual(ns, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(seen.size, 3);
  });

  it("waits at the high-water mark and times out with EAGAIN when nobody pulls", async () => {
    // immediate: no pipe (so no queue) until a connection is up, and nothing
    // listens on port 1.
    const push = sockets.add(new Push({ sendTimeout: 200, immediate: true }));
    push.connect("tcp://127.0.0.1:1");
    await assert.rejects(push.send("stuck"), { code: "EAGAIN" });
  });

  it("delivers a waiting send once a worker appears", async () => {
    const push = sockets.add(new Push());
    const address = `inproc://late-${Math.random()}`;
    await push.bind(address);
    const sending = push.send("late");
    await sleep(100);
    const pull = sockets.add(new Pull());
    pull.connect(address);
    await within(sending, 5000, "send");
    assert.equal((await within(pull.receive(), 5000, "receive"))[0].toString(), "late");
  });

  it("keeps small multipart messages intact when hundreds are received in one batch", async () => {
    // Small frames live inside libzmq's message structs; a batch of more
    // than 256 parts once moved them under the pointers JS read (a bug).
    const push = sockets.add(new Push());
    const pull = sockets.add(new Pull());
    const address = `inproc://batch-${Math.random()}`;
    await pull.bind(address);
    push.connect(address);
    for (let i = 0; i < 1000; i++) await push.send([`m${i}`, String(i * 7)]);
    for (let i = 0; i < 1000; i++) {
      const [name, value] = await within(pull.receive(), 5000, "message");
      assert.equal(name.toString(), `m${i}`);
      assert.equal(value.toString(), String(i * 7));
    }
  });
});
