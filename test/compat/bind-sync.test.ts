/**
 * bindSync() and unbindSync() as zeromq.js programs use them: bound before
 * returning, failures thrown with zeromq.js's error, busy during a pending
 * bind(), EBADF once closed.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { libraries, type Zmq } from "./libraries.ts";

let unique = 0;
const inproc = (name: string) => `inproc://compat-bind-sync-${name}-${process.pid}-${++unique}`;

/** A message from a new Pair connected to `address` reaches `server`. */
async function reaches(zmq: Zmq, server: InstanceType<Zmq["Pair"]>, address: string): Promise<void> {
  const client = new zmq.Pair();
  client.connect(address);
  await client.send(address);
  assert.equal(String((await server.receive())[0]), address);
  client.close();
}

for (const lib of libraries()) {
  describe(`bindSync (${lib.name})`, () => {
    lib.it("binds tcp:// on port * before returning: lastEndpoint names the port, and a peer connects", async (zmq) => {
      const server = new zmq.Pair();
      assert.equal(server.bindSync("tcp://127.0.0.1:*"), undefined);
      const endpoint = server.lastEndpoint;
      assert.match(endpoint ?? "", /^tcp:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(endpoint, "tcp://127.0.0.1:0");
      await reaches(zmq, server, endpoint!);
      server.close();
    });

    lib.it("binds tcp://*:* (every interface) and reaches it on 127.0.0.1", async (zmq) => {
      const server = new zmq.Pair();
      server.bindSync("tcp://*:*");
      const port = /:(\d+)$/.exec(server.lastEndpoint ?? "")?.[1];
      assert.ok(port, `a port in ${server.lastEndpoint}`);
      await reaches(zmq, server, `tcp://127.0.0.1:${port}`);
      server.close();
    });

    lib.it("binds inproc:// before returning", async (zmq) => {
      const server = new zmq.Pair();
      const address = inproc("bound");
      server.bindSync(address);
      assert.equal(server.lastEndpoint, address);
      await reaches(zmq, server, address);
      server.close();
    });

    lib.it("throws EADDRINUSE as zeromq.js words it, for tcp:// and inproc://", async (zmq) => {
      const first = new zmq.Pair();
      first.bindSync("tcp://127.0.0.1:*");
      const taken = first.lastEndpoint!;
      const address = inproc("taken");
      first.bindSync(address);
      const second = new zmq.Pair();
      assert.throws(() => second.bindSync(taken), { code: "EADDRINUSE", errno: 98, message: "Address already in use", address: taken });
      assert.throws(() => second.bindSync(address), { code: "EADDRINUSE", errno: 98, message: "Address already in use", address });
      // The socket is usable after a failed bindSync.
      second.bindSync("tcp://127.0.0.1:*");
      assert.notEqual(second.lastEndpoint, taken);
      first.close();
      second.close();
    });

    lib.it("throws EBADF on a closed socket and a TypeError for a non-string", async (zmq) => {
      const socket = new zmq.Pair();
      assert.throws(() => socket.bindSync(42 as unknown as string), { name: "TypeError", message: "Address must be a string" });
      socket.close();
      assert.throws(() => socket.bindSync(inproc("closed")), { code: "EBADF", errno: 9, message: "Socket is closed" });
    });

    lib.it("throws EBUSY while a bind() is pending, and works once it settled", async (zmq) => {
      const socket = new zmq.Pair();
      const binding = socket.bind("tcp://127.0.0.1:*");
      const busy = { code: "EBUSY", errno: 16, message: "Socket is blocked by a bind or unbind operation" };
      assert.throws(() => socket.bindSync(inproc("busy")), busy);
      assert.throws(() => socket.unbindSync(inproc("busy")), busy);
      await binding;
      socket.bindSync(inproc("after"));
      socket.close();
    });

    lib.it("counts a bindSync as an endpoint: a Proxy runs on bindSync'd sockets", async (zmq) => {
      const front = new zmq.Router();
      const back = new zmq.Dealer();
      front.bindSync(inproc("front"));
      back.bindSync(inproc("back"));
      const proxy = new zmq.Proxy(front, back);
      const running = proxy.run();
      await proxy.terminate();
      await running;
      front.close();
      back.close();
    });
  });
}

// zeromq.js 6.8.0's native unbindSync is wired to its bindSync (socket.cc
// registers BindSync under both names), so there it binds; zeromq-wasm
// does what zeromq.js declares and documents: it unbinds.
for (const lib of libraries("zeromq-wasm")) {
  describe(`unbindSync (${lib.name})`, () => {
    lib.it("unbinds inproc:// before returning: the address can be bound again at once", async (zmq) => {
      const address = inproc("rebind");
      const first = new zmq.Pair();
      first.bindSync(address);
      first.unbindSync(address);
      const second = new zmq.Pair();
      second.bindSync(address);
      await reaches(zmq, second, address);
      first.close();
      second.close();
    });

    lib.it("unbinds tcp://: a later bind() of the same port succeeds", async (zmq) => {
      const first = new zmq.Pair();
      first.bindSync("tcp://127.0.0.1:*");
      const address = first.lastEndpoint!;
      first.unbindSync(address);
      const second = new zmq.Pair();
      await second.bind(address);
      assert.equal(second.lastEndpoint, address);
      first.close();
      second.close();
    });

    lib.it("throws ENOENT for an endpoint not bound, as unbind() rejects", async (zmq) => {
      const socket = new zmq.Pair();
      const address = inproc("never");
      assert.throws(() => socket.unbindSync(address), { code: "ENOENT", errno: 2, message: "No such endpoint", address });
      await assert.rejects(socket.unbind(address), { code: "ENOENT", errno: 2, message: "No such endpoint", address });
      socket.close();
    });

    lib.it("says why a hostname cannot be bound synchronously, naming bind()", async (zmq) => {
      const socket = new zmq.Pair();
      assert.throws(() => socket.bindSync("tcp://example.invalid:*"), { code: "ENOTSUP", message: /bindSync.*await socket\.bind\(address\)/ });
      socket.bindSync("tcp://localhost:*");
      assert.match(socket.lastEndpoint ?? "", /^tcp:\/\/127\.0\.0\.1:\d+$/);
      socket.close();
    });
  });
}
