/**
 * A tight send/receive loop whose operations all complete at once leaves
 * room for timers and I/O (issue 14, item 8): zeromq.js yields to the
 * event loop after a bounded run of such operations. No timing: each loop
 * ends as soon as a timer has fired, and fails if it never does within
 * far more operations than the bound.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { libraries } from "./libraries.ts";

let unique = 0;
const inproc = (name: string) => `inproc://compat-fair-${name}-${process.pid}-${++unique}`;
const PLENTY = 100_000;

for (const lib of libraries()) {
  describe(`fairness (${lib.name})`, () => {
    lib.it("lets a timer fire during a loop of sends that never wait", async (zmq) => {
      // A Publisher without subscribers takes every message at once.
      const publisher = new zmq.Publisher();
      await publisher.bind(inproc("pub"));
      let ticks = 0;
      const interval = setInterval(() => ticks++, 0);
      let sent = 0;
      try {
        while (ticks < 2 && sent < PLENTY) {
          await publisher.send("tick");
          sent++;
        }
      } finally {
        clearInterval(interval);
        publisher.close();
      }
      assert.equal(ticks, 2, `an interval fired ${ticks} times in ${sent} sends`);
    });

    lib.it("lets a timer fire during a loop of receives from a full queue", async (zmq) => {
      const push = new zmq.Push({ sendHighWaterMark: 0 });
      const pull = new zmq.Pull({ receiveHighWaterMark: 0 });
      const address = inproc("pull");
      await pull.bind(address);
      push.connect(address);
      const queued = 20_000;
      for (let i = 0; i < queued; i++) await push.send(String(i));
      // All are in the queue before the loop starts.
      while (!pull.readable) await new Promise((resolve) => setTimeout(resolve, 1));
      let fired = false;
      setImmediate(() => (fired = true));
      let received = 0;
      try {
        while (!fired && received < queued) {
          await pull.receive();
          received++;
        }
      } finally {
        push.close();
        pull.close();
      }
      assert.ok(fired, `setImmediate did not run in ${received} receives`);
    });
  });
}
