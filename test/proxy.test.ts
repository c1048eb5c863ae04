import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Dealer, Proxy, Reply, Request, Router } from "../dist/index.js";
import { bindAny, within } from "./support/util.ts";
import { fixtures } from "./support/fixtures.ts";

const { sockets } = fixtures();

/** The Guide's request-reply broker: clients -> ROUTER | proxy | DEALER -> workers. */
async function broker() {
  const proxy = new Proxy(sockets.add(new Router()), sockets.add(new Dealer()));
  const front = await bindAny(proxy.frontEnd);
  const back = `inproc://proxy-back-${Math.random()}`;
  await proxy.backEnd.bind(back);
  const running = proxy.run();
  const worker = sockets.add(new Reply());
  worker.connect(back);
  const client = sockets.add(new Request());
  client.connect(front);
  return { proxy, running, worker, client };
}

async function roundTrip(client: Request, worker: Reply, text: string): Promise<string> {
  await client.send(text);
  const [request] = await within(worker.receive(), 5000, "request at the worker");
  await worker.send(`${request.toString()}!`);
  const [reply] = await within(client.receive(), 5000, "reply at the client");
  return reply.toString();
}

describe("Proxy (libzmq's zmq_proxy_steerable)", () => {
  it("forwards requests and replies between a ROUTER and a DEALER until terminated", async () => {
    const { proxy, running, worker, client } = await broker();
    for (let i = 0; i < 20; i++) assert.equal(await roundTrip(client, worker, `hello ${i}`), `hello ${i}!`);
    proxy.terminate();
    await within(running, 5000, "run() to end after terminate()");
    assert.equal(proxy.frontEnd.closed, false, "the sockets stay open for the caller");
  });

  it("holds messages while paused and forwards them after resume", async () => {
    const { proxy, running, worker, client } = await broker();
    assert.equal(await roundTrip(client, worker, "first"), "first!");
    proxy.pause();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.send("held");
    worker.receiveTimeout = 200;
    await assert.rejects(worker.receive(), { code: "EAGAIN" });
    worker.receiveTimeout = -1;
    proxy.resume();
    const [request] = await within(worker.receive(), 5000, "the held request after resume");
    assert.equal(request.toString(), "held");
    proxy.terminate();
    await within(running, 5000, "run() to end");
  });

  it("takes a terminate() given right after run() starts", async () => {
    const proxy = new Proxy(sockets.add(new Router()), sockets.add(new Dealer()));
    await proxy.frontEnd.bind(`inproc://proxy-early-${Math.random()}`);
    const running = proxy.run();
    proxy.terminate();
    await within(running, 5000, "run() to end");
  });

  it("ends when one of its sockets is closed, and refuses misuse clearly", async () => {
    const { proxy, running } = await broker();
    await assert.rejects(proxy.run(), { code: "EBUSY" });
    proxy.frontEnd.close();
    await within(running, 5000, "run() to end after close()");
    await within(new Promise((resolve) => setTimeout(resolve, 50)), 1000, "close to finish");
    assert.equal(proxy.frontEnd.closed, true);
    assert.throws(() => proxy.terminate(), { code: "EBADF" });
    assert.throws(() => new Proxy(proxy.backEnd, proxy.backEnd), { code: "EINVAL" });
  });
});
