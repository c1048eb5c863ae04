import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Subscriber } from "../dist/index.js";
import { NativePeer } from "./support/native-peer.ts";
import { sleep, within } from "./support/util.ts";

// process.cpuUsage() counts every thread of the process: the host loop and
// all of libzmq's pthreads (Node worker threads).
describe("an idle context", () => {
  // Publishes for about 2 s, then stays connected and silent for 20 s.
  const peer = NativePeer.start("pub", { rounds: 100, interval: 0.02, hold: 20 });
  after(() => peer.stop());

  it("uses under 2% of a core over 5 s with a connected socket", async () => {
    const sub = new Subscriber();
    sub.connect(await peer.endpoint());
    sub.subscribe();
    // The peer publishes one round, then sleeps: the connection is up and idle.
    await within(sub.receive(), 10_000, "first message");
    await peer.next("done");
    for (;;) {
      sub.receiveTimeout = 200;
      try {
        await sub.receive(); // drain what is in flight
      } catch {
        break;
      }
    }
    sub.receiveTimeout = -1;
    const pending = sub.receive(); // a receive waiting the whole time
    const start = process.cpuUsage();
    const t0 = performance.now();
    await sleep(5000);
    const used = process.cpuUsage(start);
    const seconds = (performance.now() - t0) / 1000;
    const share = (used.user + used.system) / 1e6 / seconds;
    console.log(`idle CPU: ${(share * 100).toFixed(2)}% of a core over ${seconds.toFixed(1)} s`);
    assert.ok(share < 0.02, `idle CPU ${(share * 100).toFixed(2)}% of a core`);
    sub.close();
    await assert.rejects(pending, { code: "EAGAIN" });
  });
});
