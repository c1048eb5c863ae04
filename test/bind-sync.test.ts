// bindSync()/unbindSync() on every host: done at once where this thread
// runs libzmq, a clear error naming the async call where it cannot be
// (a page's Worker answers asynchronously; with threads, a tcp:// bind
// waits for this thread's event loop to listen).
import { describe } from "node:test";
import { testHosts } from "./support/hosts.ts";

for (const host of testHosts("node", "page")) {
  describe(`bindSync (${host.name})`, () => {
    host.it("binds and unbinds inproc:// at once in Node; on a page, says to await bind() instead", async ({ zmq, sockets, inproc, assert, host }) => {
      const socket = sockets.add(new zmq.Pair());
      const address = inproc("bind-sync");
      if (host === "page") {
        const remote = { code: "ENOTSUP", message: /Cannot bindSync .*another thread.*await socket\.bind\(address\)/ };
        assert.throws(() => socket.bindSync(address), remote);
        assert.throws(() => socket.bindSync("tcp://127.0.0.1:*"), remote);
        assert.throws(() => socket.unbindSync(address), { code: "ENOTSUP", message: /Cannot unbindSync .*await socket\.unbind\(address\)/ });
        await socket.bind(address); // the async call works
        return;
      }
      socket.bindSync(address);
      assert.equal(socket.lastEndpoint, address);
      socket.unbindSync(address);
      sockets.add(new zmq.Pair()).bindSync(address); // free again at once
    });
  });
}

for (const host of testHosts("node")) {
  describe(`bindSync on tcp:// (${host.name})`, () => {
    host.it("binds tcp:// at once in Node's default build; with threads, says why it cannot", async ({ zmq, sockets, assert }) => {
      const socket = sockets.add(new zmq.Pair());
      if (process.env.ZEROMQ_WASM_TEST_BUILD !== "threads") {
        socket.bindSync("tcp://127.0.0.1:*");
        assert.match(socket.lastEndpoint ?? "", /^tcp:\/\/127\.0\.0\.1:\d+$/);
        return;
      }
      assert.throws(() => socket.bindSync("tcp://127.0.0.1:*"), { code: "ENOTSUP", message: /threads.*deadlock.*await socket\.bind\(address\)/ });
      await socket.bind("tcp://127.0.0.1:*");
      assert.throws(() => socket.unbindSync(socket.lastEndpoint!), { code: "ENOTSUP", message: /deadlock/ });
    });
  });
}
