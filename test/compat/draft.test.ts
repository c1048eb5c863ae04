/**
 * Draft sockets as zeromq.js programs use them (issue 14, item 3):
 * "zeromq/draft" and "zeromq-wasm/draft", Server/Client with routingId,
 * Radio/Dish with join and group, Scatter/Gather, and `capability`.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { libraries, type LibraryName } from "./libraries.ts";

type Draft = typeof import("zeromq/draft.js");

const drafts: Record<LibraryName, () => Promise<Draft>> = {
  zeromq: () => import("zeromq/draft.js"),
  "zeromq-wasm": async () => (await import("zeromq-wasm/draft")) as unknown as Draft,
};

/** Sends until the Dish has the message: a Radio drops messages for groups
 * no Dish has joined yet, and the join travels to it after connect. */
async function publishUntilReceived<T>(send: () => Promise<void>, received: Promise<T>): Promise<T> {
  let done = false;
  const result = received.finally(() => (done = true));
  while (!done) {
    await send();
    await Promise.race([result, new Promise((resolve) => setTimeout(resolve, 20))]);
  }
  return result;
}

for (const lib of libraries()) {
  describe(`draft sockets (${lib.name})`, () => {
    lib.it("says in capability that draft sockets and CURVE are there", async (zmq) => {
      assert.equal(zmq.capability.draft, true);
      assert.equal(zmq.capability.curve, true);
    });

    lib.it("Server and Client: the Server answers each Client by the routingId its message came with", async (_zmq, name) => {
      const { Server, Client } = await drafts[name]();
      const server = new Server();
      const one = new Client();
      const two = new Client();
      try {
        await server.bind("tcp://127.0.0.1:*");
        one.connect(server.lastEndpoint!);
        two.connect(server.lastEndpoint!);
        await one.send("from one");
        await two.send("from two");
        const seen = new Map<string, number>();
        for (let i = 0; i < 2; i++) {
          const [message, { routingId }] = await server.receive();
          assert.equal(typeof routingId, "number");
          seen.set(message.toString(), routingId);
        }
        assert.notEqual(seen.get("from one"), seen.get("from two"));
        await server.send("to two", { routingId: seen.get("from two")! });
        await server.send("to one", { routingId: seen.get("from one")! });
        assert.equal((await one.receive())[0].toString(), "to one");
        assert.equal((await two.receive())[0].toString(), "to two");
      } finally {
        for (const socket of [server, one, two]) socket.close();
      }
    });

    lib.it("Server: async iteration gives [message, { routingId }]", async (_zmq, name) => {
      const { Server, Client } = await drafts[name]();
      const server = new Server();
      const client = new Client();
      try {
        await server.bind("inproc://draft-iterate");
        client.connect("inproc://draft-iterate");
        await client.send("ping");
        for await (const [message, { routingId }] of server) {
          assert.equal(message.toString(), "ping");
          await server.send("pong", { routingId });
          break;
        }
        assert.equal((await client.receive())[0].toString(), "pong");
      } finally {
        server.close();
        client.close();
      }
    });

    lib.it("Server.send checks its options as zeromq.js does", async (_zmq, name) => {
      const { Server } = await drafts[name]();
      const server = new Server();
      try {
        await server.bind("tcp://127.0.0.1:*");
        const send = server.send.bind(server) as (message: unknown, options?: unknown) => Promise<void>;
        assert.throws(() => send("x"), { name: "TypeError", message: "Options must be an object" });
        assert.throws(() => send("x", { routingId: "a" }), { name: "TypeError", message: "A number was expected" });
        assert.throws(() => send("x", {}), { code: "EINVAL", message: "Invalid argument" });
        assert.throws(() => send("x", { routingId: 0 }), { code: "EINVAL", message: "Invalid argument" });
        // A failed send rejects; a bad argument throws at once.
        await assert.rejects(send("x", { routingId: 12345 }), { code: "EHOSTUNREACH" });
      } finally {
        server.close();
      }
    });

    lib.it("Client refuses a multipart message (EINVAL)", async (_zmq, name) => {
      const { Server, Client } = await drafts[name]();
      const server = new Server();
      const client = new Client();
      try {
        await server.bind("inproc://draft-multipart");
        client.connect("inproc://draft-multipart");
        // Typed single-part in zeromq.js; an array is what a JS program could pass.
        const send = client.send.bind(client) as (message: unknown) => Promise<void>;
        await assert.rejects(send(["a", "b"]), { code: "EINVAL" });
      } finally {
        server.close();
        client.close();
      }
    });

    lib.it("Radio and Dish over tcp: a Dish gets the groups it joined, with the group", async (_zmq, name) => {
      const { Radio, Dish } = await drafts[name]();
      const radio = new Radio();
      const dish = new Dish();
      try {
        await dish.bind("tcp://127.0.0.1:*");
        radio.connect(dish.lastEndpoint!);
        dish.join("news", Buffer.from("sport"));
        const [message, { group }] = await publishUntilReceived(async () => {
          await radio.send("not joined", { group: "weather" });
          await radio.send("headline", { group: "news" });
        }, dish.receive());
        assert.equal(message.toString(), "headline");
        assert.ok(Buffer.isBuffer(group));
        assert.equal(group.toString(), "news");
      } finally {
        radio.close();
        dish.close();
      }
    });

    lib.it("Dish.join and leave check groups as zeromq.js does", async (_zmq, name) => {
      const { Dish } = await drafts[name]();
      const dish = new Dish();
      try {
        const join = dish.join.bind(dish) as (...groups: unknown[]) => void;
        join();
        assert.throws(() => join(5), { name: "TypeError", message: "Value must be a string or buffer" });
        assert.throws(() => join("g".repeat(300)), { code: "EINVAL" });
        assert.throws(() => dish.leave("never joined"), { code: "EINVAL" });
        dish.join("a");
        dish.leave("a");
      } finally {
        dish.close();
      }
    });

    lib.it("Radio.send checks its group as zeromq.js does", async (_zmq, name) => {
      const { Radio } = await drafts[name]();
      const radio = new Radio();
      try {
        const send = radio.send.bind(radio) as (message: unknown, options?: unknown) => Promise<void>;
        assert.throws(() => send("x"), { name: "TypeError", message: "Options must be an object" });
        assert.throws(() => send("x", { group: 5 }), { name: "TypeError", message: "Value must be a string or buffer" });
        assert.throws(() => send("x", {}), { code: "EINVAL", message: "Invalid argument" });
      } finally {
        radio.close();
      }
    });

    lib.it("Scatter and Gather: messages spread over the Gathers", async (_zmq, name) => {
      const { Scatter, Gather } = await drafts[name]();
      const scatter = new Scatter();
      const gather = new Gather();
      try {
        await gather.bind("tcp://127.0.0.1:*");
        scatter.connect(gather.lastEndpoint!);
        await scatter.send("one");
        await scatter.send("two");
        assert.equal((await gather.receive())[0].toString(), "one");
        assert.equal((await gather.receive())[0].toString(), "two");
        const send = scatter.send.bind(scatter) as (message: unknown) => Promise<void>;
        await assert.rejects(send(["a", "b"]), { code: "EINVAL" });
      } finally {
        scatter.close();
        gather.close();
      }
    });

    lib.it("the draft types but Datagram are thread-safe sockets", async (_zmq, name) => {
      const { Server, Client, Radio, Dish, Scatter, Gather, Datagram } = await drafts[name]();
      for (const Type of [Server, Client, Radio, Dish, Scatter, Gather, Datagram]) {
        const socket = new Type();
        assert.equal(socket.threadSafe, Type !== Datagram, Type.name);
        socket.close();
      }
    });
  });
}

// udp:// (Radio/Dish, Datagram): the native library carries it, and so
// does zeromq-wasm in Node (node:dgram under the transport shim).
for (const lib of libraries()) {
  describe(`draft sockets over udp (${lib.name})`, () => {
    lib.it("Radio and Dish over udp", async (_zmq, name) => {
      const { Radio, Dish } = await drafts[name]();
      const radio = new Radio();
      const dish = new Dish();
      try {
        await dish.bind("udp://127.0.0.1:31337");
        radio.connect("udp://127.0.0.1:31337");
        dish.join("news");
        const [message, { group }] = await publishUntilReceived(() => radio.send("over udp", { group: "news" }), dish.receive());
        assert.equal(message.toString(), "over udp");
        assert.equal(group.toString(), "news");
      } finally {
        radio.close();
        dish.close();
      }
    });

    lib.it("Datagram over udp: messages carry the peer's address, and a reply goes back to it", async (_zmq, name) => {
      const { Datagram } = await drafts[name]();
      const one = new Datagram();
      const two = new Datagram();
      try {
        await one.bind("udp://127.0.0.1:31338");
        await two.bind("udp://127.0.0.1:31339");
        const [from, ping] = await publishUntilReceived(() => two.send(["127.0.0.1:31338", "ping"]), one.receive());
        assert.equal(from.toString(), "127.0.0.1:31339\0");
        assert.equal(ping.toString(), "ping");
        await one.send([from, "pong"]);
        const [back, pong] = await two.receive();
        assert.equal(back.toString(), "127.0.0.1:31338\0");
        assert.equal(pong.toString(), "pong");
      } finally {
        one.close();
        two.close();
      }
    });
  });
}
