import { execFileSync } from "node:child_process";
import { describe } from "node:test";
import { testHosts } from "./support/hosts.ts";

for (const host of testHosts("node", "page")) {
  describe(`errors (${host.name})`, () => {
    host.it("names a bad endpoint (EINVAL) and an unknown transport (EPROTONOSUPPORT), worded as zeromq.js, with our context in fields", async ({ zmq, sockets, assert }) => {
      const req = sockets.add(new zmq.Request());
      assert.throws(() => req.connect("foo-bar"), { code: "EINVAL", errno: 22, address: "foo-bar", message: "Invalid argument", operation: "connect" });
      assert.throws(() => req.connect("bogus://x:1"), { code: "EPROTONOSUPPORT", errno: 93, message: "Protocol not supported", hint: /unknown or unsupported transport/ });
      assert.throws(() => req.connect("tcp://127.0.0.1:notaport"), { code: "EINVAL", message: "Invalid argument", hint: /invalid port/ });
      assert.throws(() => req.connect("ipc:///tmp/x"), { code: "EPROTONOSUPPORT", message: "Protocol not supported", hint: /ipc:\/\/ is not available in zeromq-wasm/ });
      await assert.rejects(req.bind("tcp://127.0.0.1"), { code: "EINVAL", message: "Invalid argument", address: "tcp://127.0.0.1", operation: "bind" });
      assert.throws(() => req.connect(42 as unknown as string), { name: "TypeError", message: "Address must be a string" });
    });

    host.it("reports an address in use (EADDRINUSE) and an unknown endpoint (ENOENT)", async ({ zmq, sockets, bindAny, failsLater, assert }) => {
      const first = sockets.add(new zmq.Reply());
      const address = await bindAny(first);
      const second = sockets.add(new zmq.Reply());
      await assert.rejects(second.bind(address), { code: "EADDRINUSE", errno: 98, message: "Address already in use", address });
      // Linux's ENOENT (2), not emscripten's (44), in zeromq.js's words.
      await assert.rejects(second.unbind("tcp://127.0.0.1:1"), { code: "ENOENT", errno: 2, message: "No such endpoint", address: "tcp://127.0.0.1:1" });
      await failsLater(second, () => second.disconnect("tcp://127.0.0.1:1"), { code: "ENOENT", errno: 2, message: "No such endpoint" });
      // The failed socket still works.
      await bindAny(second);
    });

    host.it("unbinds, so the address can be bound again at once", async ({ zmq, sockets, bindAny }) => {
      const a = sockets.add(new zmq.Reply());
      const b = sockets.add(new zmq.Reply());
      const address = await bindAny(a);
      for (let i = 0; i < 20; i++) {
        // Once unbind resolves the port is free, every time.
        await a.unbind(address);
        await b.bind(address);
        await b.unbind(address);
        await a.bind(address);
      }
    });

    host.it("throws EBADF on a closed socket (ENOTSOCK for its options) and EBUSY on a second concurrent receive", async ({ zmq, sockets, assert }) => {
      const pull = sockets.add(new zmq.Pull());
      const pending = pull.receive();
      assert.throws(() => pull.receive(), { code: "EBUSY", errno: 16, message: "Socket is busy reading; only one receive operation may be in progress at any time" });
      pull.close();
      await assert.rejects(pending, { code: "EAGAIN", errno: 11, message: "Operation was not possible or timed out" });
      assert.throws(() => pull.receive(), { code: "EBADF", errno: 9, message: "Socket is closed" });
      assert.throws(() => pull.connect("inproc://x"), { code: "EBADF" });
      assert.throws(() => pull.bind("inproc://x"), { code: "EBADF" });
      // zeromq.js passes libzmq's answer for a closed socket's options on.
      assert.throws(() => pull.linger, { code: "ENOTSOCK", errno: 88, message: "Socket operation on non-socket" });
      assert.throws(() => (pull.linger = 0), { code: "ENOTSOCK" });
      pull.close(); // twice is fine
    });

    host.it("takes sends made at once while the socket is writable, in order; refuses one (EBUSY) while an earlier send waits, as zeromq.js", async ({ zmq, sockets, assert }) => {
      const pull = sockets.add(new zmq.Pull());
      const push = sockets.add(new zmq.Push());
      await pull.bind("inproc://sends-at-once");
      push.connect("inproc://sends-at-once");
      // Not awaited one by one: zeromq.js takes each at once when writable.
      await Promise.all(["1", "2", "3", "4"].map((body) => push.send(body)));
      for (const body of ["1", "2", "3", "4"]) assert.equal((await pull.receive())[0].toString(), body);

      // A Push without peers cannot send: its send waits; the next is busy.
      const lonely = sockets.add(new zmq.Push());
      const waiting = lonely.send("a");
      await assert.rejects(async () => lonely.send("b"), { code: "EBUSY", errno: 16, message: "Socket is busy writing; only one send operation may be in progress at any time" });
      lonely.close();
      await assert.rejects(waiting, { code: "EAGAIN" });
    });

    host.it("blocks the socket (EBUSY) while a bind is running", async ({ zmq, sockets, bindAny, assert }) => {
      const rep = sockets.add(new zmq.Reply());
      const binding = bindAny(rep);
      assert.throws(() => rep.send("x"), { code: "EBUSY", errno: 16, message: "Socket is blocked by a bind or unbind operation" });
      await binding;
    });

    host.it("times out a receive with EAGAIN per receiveTimeout", async ({ zmq, sockets, assert }) => {
      const sub = sockets.add(new zmq.Subscriber({ receiveTimeout: 50 }));
      const start = Date.now();
      await assert.rejects(sub.receive(), { code: "EAGAIN", errno: 11, message: "Operation was not possible or timed out", operation: "receive", hint: "timed out" });
      assert.ok(Date.now() - start >= 45);
    });

    host.it("times a Request's receive from its call, also when it comes long after the send", async ({ zmq, sockets, bindAny, sleep, assert }) => {
      const rep = sockets.add(new zmq.Reply()); // takes the request, never answers
      const address = await bindAny(rep);
      const req = sockets.add(new zmq.Request({ receiveTimeout: 150 }));
      req.connect(address);
      await req.send("no answer");
      await sleep(300); // a page fetches the reply ahead: that wait has timed out by now
      const start = Date.now();
      await assert.rejects(req.receive(), { code: "EAGAIN", operation: "receive" });
      assert.ok(Date.now() - start >= 140, "the timeout runs from receive(), as in zeromq.js");
    });

    host.it("ends a Request's receive that waits for its reply when the socket closes", async ({ zmq, sockets, bindAny, within, assert }) => {
      const rep = sockets.add(new zmq.Reply());
      const address = await bindAny(rep);
      const req = sockets.add(new zmq.Request());
      req.connect(address);
      await req.send("first");
      await rep.receive();
      await rep.send("answered");
      await req.receive(); // a page's Request now knows it may send: its next reply is fetched ahead
      await req.send("no answer"); // the Reply never answers this one
      const receiving = req.receive();
      setTimeout(() => req.close(), 50);
      await assert.rejects(within(receiving, 5000, "the receive ended by close()"), { code: "EAGAIN" });
    });

    host.it("keeps a reply that arrived before receive() was called", async ({ zmq, sockets, bindAny, sleep, assert }) => {
      const rep = sockets.add(new zmq.Reply());
      const address = await bindAny(rep);
      const req = sockets.add(new zmq.Request());
      req.connect(address);
      for (const round of [1, 2, 3]) {
        await req.send(`request ${round}`);
        const [request] = await rep.receive();
        await rep.send(`reply to ${request.toString()}`);
        await sleep(50);
        assert.equal((await req.receive())[0].toString(), `reply to request ${round}`);
      }
    });

    host.it("sends numbers and booleans as their text and refuses a missing message, as zeromq.js", async ({ zmq, sockets, assert }) => {
      const push = sockets.add(new zmq.Push());
      const pull = sockets.add(new zmq.Pull());
      await pull.bind("inproc://as-text");
      push.connect("inproc://as-text");
      await push.send(42);
      await push.send([true, 1.5, null] as never); // a boolean is not typed (as in zeromq.js), but sent as text
      assert.deepEqual((await pull.receive()).map(String), ["42"]);
      assert.deepEqual((await pull.receive()).map(String), ["true", "1.5", ""]);
      assert.throws(() => push.send(undefined as never), { name: "TypeError", message: "Message must be present" });
      assert.throws(() => (push.send as (...args: unknown[]) => unknown)("a", 1), { name: "TypeError", message: "Expected 1 argument but received 2" });
      assert.throws(() => push.send([]), { code: "EINVAL" });
    });

    host.it("tells an EFSM and an EHOSTUNREACH in zeromq.js's words, with a hint of ours", async ({ zmq, sockets, assert }) => {
      // A timeout of 0: otherwise (as in zeromq.js) they wait for the socket
      // to be ready, up to the timeout, and only then fail so.
      const req = sockets.add(new zmq.Request({ receiveTimeout: 0 }));
      await assert.rejects(req.receive(), { code: "EFSM", errno: 156384763, message: "Operation cannot be accomplished in current state", operation: "receive", hint: /a Request alternates send and receive/ });
      const router = sockets.add(new zmq.Router({ mandatory: true, sendTimeout: 0 }));
      await assert.rejects(router.send(["nobody", "x"]), { code: "EHOSTUNREACH", errno: 113, message: "Host unreachable", hint: /no peer with that routing id/ });
      const rep = sockets.add(new zmq.Reply({ sendTimeout: 30 }));
      await assert.rejects(rep.send("x"), { code: "EFSM", operation: "send" });
    });

    host.it("survives a refused connection and connects once the peer appears (libzmq reconnects)", async ({ zmq, sockets, bindAny, sleep, within, assert }) => {
      const probe = sockets.add(new zmq.Pull());
      const address = await bindAny(probe);
      await probe.unbind(address); // now nothing listens there
      const push = sockets.add(new zmq.Push({ reconnectInterval: 50 }));
      push.connect(address);
      await sleep(200); // several refused attempts
      const pull = sockets.add(new zmq.Pull());
      await pull.bind(address);
      await push.send("after refusal");
      const [message] = await within(pull.receive(), 5000, "message after reconnect");
      assert.equal(message.toString(), "after refusal");
    });

    host.it("closes a socket that is being iterated, ending the loop cleanly", async ({ zmq, sockets, bindAny }) => {
      const pub = sockets.add(new zmq.Publisher());
      const sub = sockets.add(new zmq.Subscriber());
      sub.connect(await bindAny(pub));
      setTimeout(() => sub.close(), 50);
      let count = 0;
      for await (const _ of sub) count++;
      if (count !== 0) throw new Error(`received ${count}`);
    });
  });
}

for (const host of testHosts("page")) {
  describe("errors only a page has (page)", () => {
    host.it("refuses a tcp:// bind with a clear error: a browser cannot listen", async ({ zmq, sockets, assert }) => {
      const rep = sockets.add(new zmq.Reply());
      await assert.rejects(rep.bind("tcp://127.0.0.1:*"), { code: "ENOTSUP", message: /cannot accept TCP connections \(a browser, a Cloudflare Worker\)/ });
    });

    host.it("refuses a tcp:// connect without a gateway at once (EHOSTUNREACH)", async ({ zmq, sockets, assert }) => {
      const req = sockets.add(new zmq.Request());
      assert.throws(() => req.connect("tcp://127.0.0.1:5555"), { code: "EHOSTUNREACH", message: /configure\(\{ gateway/ });
      assert.throws(() => req.connect("tcp://127.0.0.1:5555", { gateway: "ftp://x" }), { code: "EINVAL", message: /ws:\/\/ or wss:\/\// });
    });
  });
}

for (const host of testHosts("node")) {
  describe("errors (node, process)", () => {
    host.it("says clearly when sockets are made before the module has loaded", async ({ assert }) => {
      // The package entry awaits loading (top-level await); reaching past it to
      // the socket module must fail with an explanation, not a crash.
      const script = `
        const { Request } = await import(${JSON.stringify(new URL("../dist/sockets.js", import.meta.url).href)});
        try { new Request(); console.log("no error"); } catch (e) { console.log(e.message); }`;
      const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
      assert.match(output, /zeromq-wasm is not loaded yet: await the module's `ready` promise/);
    });
  });
}
