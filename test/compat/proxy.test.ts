/**
 * Proxy as zeromq.js programs use it (issue 14, item 7): run() refuses
 * sockets that are neither bound nor connected at once, the steering
 * calls fail before run() and after it, and the sockets are closed when
 * it ends.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { libraries } from "./libraries.ts";

let unique = 0;
const address = (name: string) => `inproc://compat-proxy-${name}-${process.pid}-${++unique}`;

for (const lib of libraries()) {
  describe(`Proxy (${lib.name})`, () => {
    lib.it("throws at once from run() when the front end is neither bound nor connected", async (zmq) => {
      const front = new zmq.Router();
      const back = new zmq.Dealer();
      await back.bind(address("back"));
      const proxy = new zmq.Proxy(front, back);
      assert.throws(() => proxy.run(), { code: "EINVAL", message: "Front-end socket must be bound or connected" });
      assert.equal(front.closed, false, "a refused run() leaves the sockets alone");
      front.close();
      back.close();
    });

    lib.it("throws at once from run() when the back end is neither bound nor connected", async (zmq) => {
      const front = new zmq.Router();
      const back = new zmq.Dealer();
      front.connect(address("front"));
      const proxy = new zmq.Proxy(front, back);
      assert.throws(() => proxy.run(), { code: "EINVAL", message: "Back-end socket must be bound or connected" });
      // Usable still: the refusal blocked nothing.
      await back.bind(address("back"));
      front.close();
      back.close();
    });

    lib.it("counts a disconnect: a socket connected and disconnected again is refused", async (zmq) => {
      const front = new zmq.Router();
      const back = new zmq.Dealer();
      const endpoint = address("gone");
      front.connect(endpoint);
      front.disconnect(endpoint);
      await back.bind(address("back"));
      assert.throws(() => new zmq.Proxy(front, back).run(), { code: "EINVAL", message: "Front-end socket must be bound or connected" });
      front.close();
      back.close();
    });

    lib.it("refuses terminate(), pause() and resume() before run() and after it ends", async (zmq) => {
      const front = new zmq.Router();
      const back = new zmq.Dealer();
      const proxy = new zmq.Proxy(front, back);
      for (const call of [() => proxy.terminate(), () => proxy.pause(), () => proxy.resume()]) {
        assert.throws(call, { code: "EBADF", message: "Socket is closed" });
      }
      await front.bind(address("front"));
      await back.bind(address("back"));
      const running = proxy.run();
      proxy.pause();
      proxy.resume();
      proxy.terminate();
      await running;
      assert.throws(() => proxy.terminate(), { code: "EBADF", message: "Socket is closed" });
    });

    lib.it("blocks its sockets while it runs and closes them when it ends", async (zmq) => {
      const front = new zmq.Router();
      const back = new zmq.Dealer();
      await front.bind(address("front"));
      back.connect(address("back"));
      const proxy = new zmq.Proxy(front, back);
      const running = proxy.run();
      assert.throws(() => front.connect(address("other")), { code: "EBUSY", message: "Socket is blocked by a bind or unbind operation" });
      proxy.terminate();
      await running;
      assert.equal(front.closed, true);
      assert.equal(back.closed, true);
      assert.throws(() => back.connect(address("again")), { code: "EBADF" });
    });
  });
}
