import { describe } from "node:test";
import { testHosts } from "./support/hosts.ts";

for (const host of testHosts("node", "page")) {
  describe(`Push/Pull (${host.name})`, () => {
    host.it("spreads messages round robin over connected workers", async ({ zmq, sockets, bindAny, sleep, within, assert }) => {
      const push = sockets.add(new zmq.Push());
      const address = await bindAny(push);
      const workers = [new zmq.Pull(), new zmq.Pull()].map((s) => sockets.add(s));
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

    host.it("collects from several pushers (fan-in)", async ({ zmq, sockets, bindAny, within, assert }) => {
      const sink = sockets.add(new zmq.Pull());
      const address = await bindAny(sink);
      const pushers = [0, 1, 2].map(() => sockets.add(new zmq.Push()));
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

    host.it("waits while nobody pulls and times out with EAGAIN (sendTimeout)", async ({ zmq, sockets, inproc, assert }) => {
      // Bound, nobody connected: no pipe to queue on.
      const push = sockets.add(new zmq.Push({ sendTimeout: 200 }));
      await push.bind(inproc("nobody"));
      await assert.rejects(push.send("stuck"), { code: "EAGAIN", message: /timed out/ });
    });

    host.it("delivers a waiting send once a worker appears", async ({ zmq, sockets, inproc, sleep, within, assert }) => {
      const push = sockets.add(new zmq.Push());
      const address = inproc("late");
      await push.bind(address);
      const sending = push.send("late");
      await sleep(100);
      const pull = sockets.add(new zmq.Pull());
      pull.connect(address);
      await within(sending, 5000, "send");
      assert.equal((await within(pull.receive(), 5000, "receive"))[0].toString(), "late");
    });

    host.it("keeps small multipart messages intact when hundreds are received in one batch", async ({ zmq, sockets, inproc, within, assert }) => {
      // Small frames live inside libzmq's message structs; a batch of more
      // than 256 parts once moved them under the pointers JS read (a bug).
      const push = sockets.add(new zmq.Push());
      const pull = sockets.add(new zmq.Pull());
      const address = inproc("batch");
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
}

describe("Push/Pull over tcp (node)", () => {
  for (const host of testHosts("node")) {
    host.it("times out a send with EAGAIN when the peer's port is closed (immediate)", async ({ zmq, sockets, assert }) => {
      // Nothing listens on port 1.
      const push = sockets.add(new zmq.Push({ sendTimeout: 200, immediate: true }));
      push.connect("tcp://127.0.0.1:1");
      await assert.rejects(push.send("stuck"), { code: "EAGAIN" });
    });
  }
});
