import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { Publisher, Pull, Push, Reply, Request, Subscriber } from "../dist/index.js";
import { bindAny, sleep, within } from "./support/util.ts";
import { fixtures } from "./support/fixtures.ts";

const { sockets } = fixtures();

describe("errors", () => {
  it("names a bad endpoint (EINVAL) and an unknown transport (EPROTONOSUPPORT)", async () => {
    const req = sockets.add(new Request());
    assert.throws(() => req.connect("foo-bar"), { code: "EINVAL", address: "foo-bar", message: /Cannot connect to "foo-bar"/ });
    assert.throws(() => req.connect("bogus://x:1"), { code: "EPROTONOSUPPORT" });
    assert.throws(() => req.connect("tcp://127.0.0.1:notaport"), { code: "EINVAL" });
    await assert.rejects(req.bind("tcp://127.0.0.1"), { code: "EINVAL" });
    assert.throws(() => req.connect(42 as unknown as string), { code: "EINVAL", message: /must be a string/ });
  });

  it("reports a port in use (EADDRINUSE) and an unknown endpoint (ENOENT)", async () => {
    const first = sockets.add(new Reply());
    const address = await bindAny(first);
    const second = sockets.add(new Reply());
    await assert.rejects(second.bind(address), { code: "EADDRINUSE", address });
    await assert.rejects(second.unbind("tcp://127.0.0.1:1"), { code: "ENOENT" });
    assert.throws(() => second.disconnect("tcp://127.0.0.1:1"), { code: "ENOENT" });
    // The failed socket still works.
    await second.bind("tcp://127.0.0.1:*");
  });

  it("unbinds, so the port can be bound again at once", async () => {
    const a = sockets.add(new Reply());
    const b = sockets.add(new Reply());
    const address = await bindAny(a);
    for (let i = 0; i < 20; i++) {
      // Once unbind resolves the port is free, every time.
      await a.unbind(address);
      await b.bind(address);
      await b.unbind(address);
      await a.bind(address);
    }
  });

  it("throws EBADF on a closed socket and EBUSY on a second concurrent receive", async () => {
    const pull = sockets.add(new Pull());
    const pending = pull.receive();
    assert.throws(() => pull.receive(), { code: "EBUSY", message: /busy reading/ });
    pull.close();
    await assert.rejects(pending, { code: "EAGAIN" });
    assert.throws(() => pull.receive(), { code: "EBADF", message: "Socket is closed" });
    assert.throws(() => pull.connect("inproc://x"), { code: "EBADF" });
    assert.throws(() => pull.linger, { code: "EBADF" });
    pull.close(); // twice is fine
  });

  it("blocks the socket (EBUSY) while a bind is running", async () => {
    const rep = sockets.add(new Reply());
    const binding = rep.bind("tcp://127.0.0.1:*");
    assert.throws(() => rep.send("x"), { code: "EBUSY", message: /blocked by a bind/ });
    await binding;
  });

  it("times out a receive with EAGAIN per receiveTimeout", async () => {
    const sub = sockets.add(new Subscriber({ receiveTimeout: 50 }));
    const start = Date.now();
    await assert.rejects(sub.receive(), { code: "EAGAIN", message: /timed out/ });
    assert.ok(Date.now() - start >= 45);
  });

  it("refuses what is not a message, at send time", async () => {
    const push = sockets.add(new Push());
    assert.throws(() => push.send(42 as never), { code: "EINVAL", message: /the number 42 is not a message/ });
    assert.throws(() => push.send([{}] as never), { code: "EINVAL" });
    assert.throws(() => push.send([]), { code: "EINVAL" });
  });

  it("survives a refused connection and connects once the peer appears (libzmq reconnects)", async () => {
    const probe = sockets.add(new Pull());
    const address = await bindAny(probe);
    await probe.unbind(address); // now nothing listens on that port
    const push = sockets.add(new Push({ reconnectInterval: 50 }));
    push.connect(address);
    await sleep(200); // several refused attempts
    const pull = sockets.add(new Pull());
    await pull.bind(address);
    await push.send("after refusal");
    const [message] = await within(pull.receive(), 5000, "message after reconnect");
    assert.equal(message.toString(), "after refusal");
  });

  it("closes a socket that is being iterated, ending the loop cleanly", async () => {
    const pub = sockets.add(new Publisher());
    const sub = sockets.add(new Subscriber());
    sub.connect(await bindAny(pub));
    setTimeout(() => sub.close(), 50);
    let count = 0;
    for await (const _ of sub) count++;
    assert.equal(count, 0);
  });

  it("says clearly when sockets are made before the module has loaded", () => {
    // The package entry awaits loading (top-level await); reaching past it to
    // the socket module must fail with an explanation, not a crash.
    const script = `
      const { Request } = await import(${JSON.stringify(new URL("../dist/sockets.js", import.meta.url).href)});
      try { new Request(); console.log("no error"); } catch (e) { console.log(e.message); }`;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    assert.match(output, /zeromq-wasm is not loaded yet: await the module's `ready` promise/);
  });
});
