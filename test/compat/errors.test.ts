/**
 * Errors as zeromq.js gives them (issue 14, item 6): for the same failure
 * the same message, code and errno (Linux's numbers), and the address for
 * endpoint operations. Each program runs unchanged against the native
 * addon and zeromq-wasm; zeromq-wasm's own context (operation, hint) is in
 * fields zeromq.js does not have, so these programs do not see it.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { libraries } from "./libraries.ts";

let unique = 0;
const inproc = () => `inproc://compat-errors-${++unique}`;

/** The fields zeromq.js sets, with their values. */
const error = (message: string, code: string, errno: number, address?: string) => (thrown: unknown) => {
  assert.ok(thrown instanceof Error, `not an Error: ${String(thrown)}`);
  const { code: gotCode, errno: gotErrno, address: gotAddress } = thrown as Error & { code?: string; errno?: number; address?: string };
  assert.deepEqual({ message: thrown.message, code: gotCode, errno: gotErrno, address: gotAddress }, { message, code, errno, address });
  return true;
};

for (const lib of libraries()) {
  describe(`errors (${lib.name})`, () => {
    lib.it("gives an endpoint's errors as zeromq.js: message, code, Linux errno and address", async (zmq) => {
      const first = new zmq.Reply();
      const second = new zmq.Reply();
      try {
        const address = inproc();
        await first.bind(address);
        await assert.rejects(second.bind(address), error("Address already in use", "EADDRINUSE", 98, address));
        await first.bind("tcp://127.0.0.1:*");
        const tcp = first.lastEndpoint!;
        await assert.rejects(second.bind(tcp), error("Address already in use", "EADDRINUSE", 98, tcp));
        await assert.rejects(second.unbind("tcp://127.0.0.1:1"), error("No such endpoint", "ENOENT", 2, "tcp://127.0.0.1:1"));
        assert.throws(() => second.disconnect("tcp://127.0.0.1:1"), error("No such endpoint", "ENOENT", 2, "tcp://127.0.0.1:1"));
        assert.throws(() => second.connect("foo-bar"), error("Invalid argument", "EINVAL", 22, "foo-bar"));
        assert.throws(() => second.connect("bogus://x:1"), error("Protocol not supported", "EPROTONOSUPPORT", 93, "bogus://x:1"));
        assert.throws(() => second.connect("tcp://127.0.0.1:notaport"), error("Invalid argument", "EINVAL", 22, "tcp://127.0.0.1:notaport"));
        await assert.rejects(second.bind("tcp://127.0.0.1"), error("Invalid argument", "EINVAL", 22, "tcp://127.0.0.1"));
        // The failed socket still works.
        await second.bind(inproc());
      } finally {
        first.close();
        second.close();
      }
    });

    lib.it("gives a closed socket's errors as zeromq.js: EBADF for calls, ENOTSOCK for options", async (zmq) => {
      const socket = new zmq.Dealer();
      socket.close();
      const closed = error("Socket is closed", "EBADF", 9);
      assert.throws(() => socket.send("x"), closed);
      assert.throws(() => socket.receive(), closed);
      assert.throws(() => socket.bind(inproc()), closed);
      assert.throws(() => socket.unbind(inproc()), closed);
      assert.throws(() => socket.connect(inproc()), closed);
      assert.throws(() => socket.linger, error("Socket operation on non-socket", "ENOTSOCK", 88));
      assert.throws(() => (socket.linger = 0), error("Socket operation on non-socket", "ENOTSOCK", 88));
      assert.equal(socket.readable, false);
      socket.close();
    });

    lib.it("gives busy, blocked and timed-out sockets' errors as zeromq.js", async (zmq) => {
      const pull = new zmq.Pull();
      const push = new zmq.Push({ sendTimeout: 0 });
      const rep = new zmq.Reply();
      try {
        const pending = pull.receive();
        assert.throws(() => pull.receive(), error("Socket is busy reading; only one receive operation may be in progress at any time", "EBUSY", 16));
        pull.close();
        await assert.rejects(pending, error("Operation was not possible or timed out", "EAGAIN", 11));
        await assert.rejects(push.send("nobody"), error("Operation was not possible or timed out", "EAGAIN", 11));
        const binding = rep.bind("tcp://127.0.0.1:*");
        assert.throws(() => rep.send("x"), error("Socket is blocked by a bind or unbind operation", "EBUSY", 16));
        await binding;
        const timed = new zmq.Pull({ receiveTimeout: 10 });
        await assert.rejects(timed.receive(), error("Operation was not possible or timed out", "EAGAIN", 11));
        timed.close();
      } finally {
        push.close();
        rep.close();
      }
    });

    lib.it("gives libzmq's own errors (EFSM, EHOSTUNREACH) as zeromq.js", async (zmq) => {
      // With a timeout of 0: otherwise zeromq.js waits for the socket to be
      // ready (a Request to have sent), and only then tries.
      const req = new zmq.Request({ receiveTimeout: 0 });
      const rep = new zmq.Reply({ sendTimeout: 0 });
      const router = new zmq.Router({ mandatory: true, sendTimeout: 0 });
      try {
        await assert.rejects(req.receive(), error("Operation cannot be accomplished in current state", "EFSM", 156384763));
        await assert.rejects(rep.send("x"), error("Operation cannot be accomplished in current state", "EFSM", 156384763));
        await assert.rejects(router.send(["nobody", "x"]), error("Host unreachable", "EHOSTUNREACH", 113));
        // With a timeout, they wait for the socket to be ready and at the
        // timeout try once more: libzmq's error then, not EAGAIN.
        req.receiveTimeout = 20;
        await assert.rejects(req.receive(), error("Operation cannot be accomplished in current state", "EFSM", 156384763));
        rep.sendTimeout = 20;
        await assert.rejects(rep.send("x"), error("Operation cannot be accomplished in current state", "EFSM", 156384763));
      } finally {
        req.close();
        rep.close();
        router.close();
      }
    });
  });
}
