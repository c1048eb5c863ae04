import { execFileSync } from "node:child_process";
import { describe } from "node:test";
import { testHosts } from "./support/hosts.ts";

for (const host of testHosts("node", "page")) {
  describe(`errors (${host.name})`, () => {
    host.it("names a bad endpoint (EINVAL) and an unknown transport (EPROTONOSUPPORT)", async ({ zmq, sockets, assert }) => {
      const req = sockets.add(new zmq.Request());
      assert.throws(() => req.connect("foo-bar"), { code: "EINVAL", address: "foo-bar", message: /Cannot connect to "foo-bar"/ });
      assert.throws(() => req.connect("bogus://x:1"), { code: "EPROTONOSUPPORT" });
      assert.throws(() => req.connect("tcp://127.0.0.1:notaport"), { code: "EINVAL" });
      await assert.rejects(req.bind("tcp://127.0.0.1"), { code: "EINVAL" });
      assert.throws(() => req.connect(42 as unknown as string), { code: "EINVAL", message: /must be a string/ });
    });

    host.it("reports an address in use (EADDRINUSE) and an unknown endpoint (ENOENT)", async ({ zmq, sockets, bindAny, failsLater, assert }) => {
      const first = sockets.add(new zmq.Reply());
      const address = await bindAny(first);
      const second = sockets.add(new zmq.Reply());
      await assert.rejects(second.bind(address), { code: "EADDRINUSE", address });
      await assert.rejects(second.unbind("tcp://127.0.0.1:1"), { code: "ENOENT" });
      await failsLater(second, () => second.disconnect("tcp://127.0.0.1:1"), { code: "ENOENT" });
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

    host.it("throws EBADF on a closed socket and EBUSY on a second concurrent receive", async ({ zmq, sockets, assert }) => {
      const pull = sockets.add(new zmq.Pull());
      const pending = pull.receive();
      assert.throws(() => pull.receive(), { code: "EBUSY", message: /busy reading/ });
      pull.close();
      await assert.rejects(pending, { code: "EAGAIN" });
      assert.throws(() => pull.receive(), { code: "EBADF", message: "Socket is closed" });
      assert.throws(() => pull.connect("inproc://x"), { code: "EBADF" });
      assert.throws(() => pull.linger, { code: "EBADF" });
      pull.close(); // twice is fine
    });

    host.it("blocks the socket (EBUSY) while a bind is running", async ({ zmq, sockets, bindAny, assert }) => {
      const rep = sockets.add(new zmq.Reply());
      const binding = bindAny(rep);
      assert.throws(() => rep.send("x"), { code: "EBUSY", message: /blocked by a bind/ });
      await binding;
    });

    host.it("times out a receive with EAGAIN per receiveTimeout", async ({ zmq, sockets, assert }) => {
      const sub = sockets.add(new zmq.Subscriber({ receiveTimeout: 50 }));
      const start = Date.now();
      await assert.rejects(sub.receive(), { code: "EAGAIN", message: /timed out/ });
      assert.ok(Date.now() - start >= 45);
    });

    host.it("refuses what is not a message, at send time", async ({ zmq, sockets, assert }) => {
      const push = sockets.add(new zmq.Push());
      assert.throws(() => push.send(42 as never), { code: "EINVAL", message: /the number 42 is not a message/ });
      assert.throws(() => push.send([{}] as never), { code: "EINVAL" });
      assert.throws(() => push.send([]), { code: "EINVAL" });
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
