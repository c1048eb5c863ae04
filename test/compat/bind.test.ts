/**
 * bind() and close() as zeromq.js programs meet them (issue 14, item 10):
 * a pending bind makes the socket busy on every transport, and close()
 * during a bind closes the socket once the bind has settled.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { libraries } from "./libraries.ts";

let unique = 0;
const inproc = (name: string) => `inproc://compat-bind-${name}-${process.pid}-${++unique}`;
const busy = { code: "EBUSY", message: "Socket is blocked by a bind or unbind operation" };

for (const lib of libraries()) {
  describe(`bind and close (${lib.name})`, () => {
    for (const transport of ["inproc", "tcp"] as const) {
      const endpoint = () => (transport === "inproc" ? inproc("busy") : "tcp://127.0.0.1:*");

      lib.it(`makes the socket busy while a ${transport} bind is pending`, async (zmq) => {
        const socket = new zmq.Pair();
        const binding = socket.bind(endpoint());
        assert.ok(binding instanceof Promise);
        assert.throws(() => socket.connect(inproc("other")), busy);
        assert.throws(() => socket.bind(inproc("second")), busy);
        assert.throws(() => socket.send("x"), busy);
        await binding;
        socket.connect(inproc("other"));
        socket.close();
      });

      lib.it(`closes a socket closed during a ${transport} bind once the bind has settled`, async (zmq) => {
        const socket = new zmq.Pair();
        const binding = socket.bind(endpoint());
        socket.close();
        assert.equal(socket.closed, false, "closing waits for the bind");
        assert.throws(() => socket.connect(inproc("other")), busy);
        await binding;
        assert.equal(socket.closed, true);
        assert.throws(() => socket.connect(inproc("other")), { code: "EBADF" });
      });
    }

    lib.it("makes the socket busy while an unbind is pending", async (zmq) => {
      const socket = new zmq.Pair();
      const address = inproc("unbind");
      await socket.bind(address);
      const unbinding = socket.unbind(address);
      assert.throws(() => socket.connect(inproc("other")), busy);
      await unbinding;
      socket.close();
    });

    lib.it("rejects a failed bind of a socket closed meanwhile, and closes it", async (zmq) => {
      const first = new zmq.Pair();
      const address = inproc("taken");
      await first.bind(address);
      const second = new zmq.Pair();
      const binding = second.bind(address);
      second.close();
      await assert.rejects(binding, { code: "EADDRINUSE" });
      assert.equal(second.closed, true);
      first.close();
    });
  });
}
