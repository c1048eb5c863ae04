// A tight loop of sends or receives that all complete at once leaves room
// for timers (issue 14, item 8), in Node and on a page: the one Socket
// class yields after a bounded run of them, as zeromq.js does. Each loop
// ends as soon as an interval has ticked twice; it fails only if that
// never happens in far more operations than the bound.
import { describe } from "node:test";
import { testHosts } from "./support/hosts.ts";

for (const host of testHosts("node", "page")) {
  describe(`fairness (${host.name})`, () => {
    host.it("lets an interval tick during a loop of sends that never wait", async ({ zmq, sockets, inproc, assert }) => {
      // A Publisher without subscribers takes every message at once.
      const publisher = sockets.add(new zmq.Publisher());
      await publisher.bind(inproc("fair-pub"));
      let ticks = 0;
      const interval = setInterval(() => ticks++, 0);
      let sent = 0;
      try {
        while (ticks < 2 && sent < 100_000) {
          await publisher.send("tick");
          sent++;
        }
      } finally {
        clearInterval(interval);
      }
      assert.ok(ticks >= 2, `the interval ticked ${ticks} times in ${sent} sends`);
    });

    host.it("lets an interval tick during a loop of receives from a full queue", async ({ zmq, sockets, inproc, assert }) => {
      const push = sockets.add(new zmq.Push({ sendHighWaterMark: 0 }));
      const pull = sockets.add(new zmq.Pull({ receiveHighWaterMark: 0 }));
      const address = inproc("fair-pull");
      await pull.bind(address);
      push.connect(address);
      const queued = 20_000;
      for (let i = 0; i < queued; i++) await push.send(String(i));
      await pull.receive(); // the rest are queued behind it
      let ticks = 0;
      const interval = setInterval(() => ticks++, 0);
      let received = 1;
      try {
        while (ticks < 2 && received < queued) {
          await pull.receive();
          received++;
        }
      } finally {
        clearInterval(interval);
      }
      assert.ok(ticks >= 2, `the interval ticked ${ticks} times in ${received} receives`);
    });
  });
}
