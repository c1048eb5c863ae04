/**
 * The default context and context options, as zeromq.js programs use them
 * (issue 14, item 2).
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { libraries } from "./libraries.ts";

for (const lib of libraries()) {
  describe(`context (${lib.name})`, () => {
    lib.it("exports the default context as a Context whose options are properties", async (zmq) => {
      assert.ok(zmq.context instanceof zmq.Context);
      assert.equal(typeof zmq.context.ioThreads, "number");
      const before = zmq.context.blocky;
      zmq.context.blocky = false;
      try {
        const socket = new zmq.Dealer();
        assert.equal(socket.context, zmq.context);
        assert.equal(socket.linger, 0, "blocky: false gives new sockets linger 0");
        socket.close();
      } finally {
        zmq.context.blocky = before;
      }
    });

    lib.it("runs a loop that makes 200 contexts with a socket each, and its sockets work after", async (zmq) => {
      for (let i = 0; i < 200; i++) {
        const context = new zmq.Context();
        const socket = new zmq.Dealer({ context });
        socket.connect(`inproc://nowhere-${i}`);
        socket.close();
      }
      const pull = new zmq.Pull();
      const push = new zmq.Push();
      try {
        await pull.bind("inproc://after-200-contexts");
        push.connect("inproc://after-200-contexts");
        await push.send("still working");
        assert.equal((await pull.receive())[0]!.toString(), "still working");
      } finally {
        push.close();
        pull.close();
      }
    });
  });
}
