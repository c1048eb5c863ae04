// socket.events on every host (issue 14, item 1): the same Observer on
// Node and on a page, where libzmq's monitor runs in the Worker host. The
// zeromq.js programs for each event are in test/compat/events.test.ts.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import * as native from "zeromq";
import { createGateway } from "../dist/gateway/server.js";
import { testHosts } from "./support/hosts.ts";

// A native publisher, reached from a page through a gateway (a page cannot
// open tcp itself) and from Node directly.
const publisher = new native.Publisher({ linger: 0 });
await publisher.bind("tcp://127.0.0.1:*");
const endpoint = publisher.lastEndpoint!;
const gateway = await createGateway({ port: 0, allow: [endpoint.replace("tcp://", "")], origins: ["*"], log: false });
after(async () => {
  publisher.close();
  await gateway.close();
});

for (const host of testHosts("node", "page")) {
  describe(`socket.events (${host.name})`, () => {
    host.it(
      "reports a tcp connection's connect:delay, connect and handshake, with the endpoint",
      async ({ zmq, host, sockets, within, assert }, { endpoint, gateway }) => {
        const sub = sockets.add(new zmq.Subscriber());
        const events = sub.events;
        const seen: string[] = [];
        const handshake = (async () => {
          for await (const event of events) {
            seen.push(event.type);
            assert.equal("address" in event && event.address, endpoint);
            if (event.type === "handshake") return;
          }
        })();
        sub.connect(endpoint, host === "page" ? { gateway } : {});
        await within(handshake, 10000, "the handshake event");
        assert.deepEqual(seen, ["connect:delay", "connect", "handshake"]);
      },
      { args: { endpoint, gateway: gateway.url } },
    );

    host.it("gives one Observer per socket, ended by the socket's close", async ({ zmq, sockets, within, assert }) => {
      const pair = sockets.add(new zmq.Pair());
      const events = pair.events;
      assert.ok(events instanceof zmq.Observer);
      assert.equal(pair.events, events);
      const ended = (async () => {
        const seen: string[] = [];
        for await (const event of events) seen.push(event.type);
        return seen;
      })();
      pair.close();
      assert.deepEqual(await within(ended, 10000, "the end event"), ["end"]);
      assert.equal(events.closed, true);
      assert.throws(() => events.receive(), { code: "EBADF" });
      assert.throws(() => pair.events, { code: "ENOTSOCK" });
    });

    host.it("ends a pending for-await on close(), and receive() is one at a time", async ({ zmq, sockets, within, assert }) => {
      const pair = sockets.add(new zmq.Pair());
      const events = pair.events;
      const pending = events.receive();
      assert.throws(() => events.receive(), { code: "EBUSY" });
      events.close();
      await assert.rejects(pending, { code: "ENOTSOCK" });
      const other = sockets.add(new zmq.Pair()).events;
      const looping = (async () => {
        for await (const event of other) assert.fail(`unexpected ${event.type}`);
      })();
      other.close();
      await within(looping, 10000, "the loop's end");
    });

    host.it("passes events to on() listeners, and refuses receive() then", async ({ zmq, sockets, within, assert }) => {
      const pair = sockets.add(new zmq.Pair());
      const ended = new Promise((resolve) => pair.events.on("end", resolve));
      const never = () => assert.fail("a listener called after off()");
      pair.events.on("end", never).off("end", never);
      assert.throws(() => pair.events.receive(), { message: /event emitter mode/ });
      pair.close();
      assert.deepEqual(await within(ended, 10000, "the end event"), { type: "end" });
    });

    host.it("ends the last Observer when another one starts (libzmq monitors a socket once)", async ({ zmq, sockets, within, assert }) => {
      const pair = sockets.add(new zmq.Pair());
      const first = pair.events;
      const second = new zmq.Observer(pair);
      assert.deepEqual(await within(first.receive(), 10000, "the first's end"), { type: "end" });
      assert.equal(first.closed, true);
      assert.equal(second.closed, false);
      second.close();
    });

    host.it("goes on working after an observer, then its socket, are closed", async ({ zmq, sockets, inproc, within, assert }) => {
      // libzmq's monitor sends with blocking sends: had it outlived its
      // reader, finishing the socket would block this thread (the worker's).
      const pair = sockets.add(new zmq.Pair());
      pair.events.close();
      pair.close();
      const a = sockets.add(new zmq.Pair());
      const b = sockets.add(new zmq.Pair());
      const address = inproc("after-observer");
      await a.bind(address);
      b.connect(address);
      await b.send("still here");
      const [message] = await within(a.receive(), 10000, "a message");
      assert.equal(message.toString(), "still here");
    });
  });
}

describe("socket.events (node, a fresh process)", () => {
  // The other order: the socket closes first, and libzmq finishes it (and
  // reports its listener's close) after the observer has closed. In a
  // fresh process that blocked the thread at once; the child shows it.
  it("goes on running after a bound socket, then its observer, are closed", async () => {
    const program = `
      const zmq = await import(${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)});
      const socket = new zmq.Pair();
      const events = socket.events;
      await socket.bind("tcp://127.0.0.1:*");
      socket.close();
      events.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      console.log("alive");`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", program], { timeout: 20_000 });
    assert.equal(stdout, "alive\n");
  });
});
