import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Subscriber } from "../dist/index.js";
import { runtime } from "../dist/runtime/load.js";
import type { CooperativeScheduler } from "../dist/runtime/scheduler.js";
import { NativePeer } from "./support/native-peer.ts";
import { sleep, within } from "./support/util.ts";

// Idle must mean asleep: with a connected, silent socket and a receive
// waiting, libzmq gets no run (the build without threads: the scheduler
// counts them), or with threads hands the host loop no work (the shim's
// host wake word, which every hand-over bumps). Both deterministic. The CPU share is printed for information; the
// figure with a baseline is the benchmark's ("idle CPU, connected socket"):
// process.cpuUsage() also counts V8's own background work (its memory
// reducer runs GCs in every isolate for a while after activity stops, up
// to ~8% of a core here with or without zeromq-wasm changes), so a
// threshold on it here would only measure the machine.
describe("an idle context", () => {
  // Publishes for about 2 s, then stays connected and silent (stopped after
  // the test: a peer gone mid-window would make libzmq reconnect).
  const peer = NativePeer.start("pub", { rounds: 100, interval: 0.02, hold: 120 });
  after(() => peer.stop());

  it("sleeps with a connected socket: no run of libzmq, nothing handed to the host loop", async () => {
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
    let received = false;
    const pending = sub.receive().then(() => (received = true)); // a receive waiting the whole time
    try {
      const { native, build, scheduler } = runtime();
      const hostWake = native.wasm._zws_host_wake_addr() >> 2;
      const wakes = () => (build === "nothreads" ? (scheduler as CooperativeScheduler).runs : Atomics.load(native.i32, hostWake));
      const before = wakes();
      const start = process.cpuUsage();
      const t0 = performance.now();
      await sleep(3000);
      const used = process.cpuUsage(start);
      const share = (used.user + used.system) / 1e6 / ((performance.now() - t0) / 1000);
      console.log(`idle CPU: ${(share * 100).toFixed(2)}% of a core over 3 s (information; see the benchmark)`);
      assert.equal(wakes() - before, 0, build === "nothreads" ? "libzmq runs while idle" : "host loop wakes while idle");
      assert.equal(received, false);
    } finally {
      sub.close(); // also when a check fails: a pending receive keeps the process alive
    }
    await assert.rejects(pending, { code: "EAGAIN" });
  });
});
