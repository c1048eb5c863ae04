import { describe } from "node:test";
import type { Reply, Request } from "../dist/index.js";
import { testHosts, type HostContext } from "./support/hosts.ts";

/** The Guide's request-reply broker: clients -> ROUTER | proxy | DEALER -> workers. */
async function broker({ zmq, sockets, bindAny, inproc }: HostContext) {
  const proxy = new zmq.Proxy(sockets.add(new zmq.Router()), sockets.add(new zmq.Dealer()));
  const front = await bindAny(proxy.frontEnd);
  const back = inproc("proxy-back");
  await proxy.backEnd.bind(back);
  const running = proxy.run();
  const worker = sockets.add(new zmq.Reply());
  worker.connect(back);
  const client = sockets.add(new zmq.Request());
  client.connect(front);
  return { proxy, running, worker, client };
}

async function roundTrip({ within }: HostContext, client: Request, worker: Reply, text: string): Promise<string> {
  await client.send(text);
  const [request] = await within(worker.receive(), 5000, "request at the worker");
  await worker.send(`${request.toString()}!`);
  const [reply] = await within(client.receive(), 5000, "reply at the client");
  return reply.toString();
}

for (const host of testHosts("node", "page")) {
  describe(`Proxy, libzmq's zmq_proxy_steerable (${host.name})`, () => {
    const uses = { uses: [broker, roundTrip] };

    host.it("forwards requests and replies between a ROUTER and a DEALER until terminated", async (t) => {
      const { proxy, running, worker, client } = await broker(t);
      for (let i = 0; i < 20; i++) t.assert.equal(await roundTrip(t, client, worker, `hello ${i}`), `hello ${i}!`);
      proxy.terminate();
      await t.within(running, 5000, "run() to end after terminate()");
      t.assert.equal(proxy.frontEnd.closed, true, "run() closes its sockets when it ends, as in zeromq.js");
      t.assert.equal(proxy.backEnd.closed, true);
    }, uses);

    host.it("holds messages while paused and forwards them after resume", async (t) => {
      const { proxy, running, worker, client } = await broker(t);
      t.assert.equal(await roundTrip(t, client, worker, "first"), "first!");
      proxy.pause();
      await t.sleep(50);
      await client.send("held");
      worker.receiveTimeout = 200;
      await t.assert.rejects(worker.receive(), { code: "EAGAIN" });
      worker.receiveTimeout = -1;
      proxy.resume();
      const [request] = await t.within(worker.receive(), 5000, "the held request after resume");
      t.assert.equal(request.toString(), "held");
      proxy.terminate();
      await t.within(running, 5000, "run() to end");
    }, uses);

    host.it("takes a terminate() given right after run() starts", async ({ zmq, sockets, inproc, within }) => {
      const proxy = new zmq.Proxy(sockets.add(new zmq.Router()), sockets.add(new zmq.Dealer()));
      await proxy.frontEnd.bind(inproc("proxy-early"));
      proxy.backEnd.connect(inproc("proxy-early-back"));
      const running = proxy.run();
      proxy.terminate();
      await within(running, 5000, "run() to end");
    });

    host.it("ends when one of its sockets is closed, and refuses misuse clearly", async (t) => {
      const { proxy, running } = await broker(t);
      t.assert.throws(() => proxy.run(), { code: "EBUSY" });
      t.assert.throws(() => proxy.frontEnd.connect("inproc://x"), { code: "EBUSY", message: "Socket is blocked by a bind or unbind operation" });
      proxy.frontEnd.close();
      await t.within(running, 5000, "run() to end after close()");
      await t.sleep(50);
      t.assert.equal(proxy.frontEnd.closed, true);
      t.assert.throws(() => proxy.terminate(), { code: "EBADF" });
      t.assert.throws(() => new t.zmq.Proxy(proxy.backEnd, proxy.backEnd), { code: "EINVAL" });
    }, uses);

    host.it("refuses at once to run with a socket neither bound nor connected, and steering before run()", async ({ zmq, sockets, inproc, assert }) => {
      const proxy = new zmq.Proxy(sockets.add(new zmq.Router()), sockets.add(new zmq.Dealer()));
      assert.throws(() => proxy.pause(), { code: "EBADF", message: "Socket is closed" });
      assert.throws(() => proxy.run(), { code: "EINVAL", message: "Front-end socket must be bound or connected" });
      await proxy.frontEnd.bind(inproc("proxy-unready"));
      assert.throws(() => proxy.run(), { code: "EINVAL", message: "Back-end socket must be bound or connected" });
      assert.equal(proxy.backEnd.closed, false);
    });
  });
}
