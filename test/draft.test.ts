/**
 * Draft sockets on every host (Node, a page's Worker; with
 * ZEROMQ_WASM_TEST_BUILD=threads, libzmq with threads): thread-safe
 * sockets have no ZMQ_FD, so these show that waiting for them works in
 * each build (zws_safe_poller).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capability } from "../dist/capability.js";
import { loadPlatform } from "../dist/runtime/load-node.js";
import { testHosts } from "./support/hosts.ts";

type Draft = typeof import("../dist/draft.js");

/** zeromq-wasm/draft as this host loads it (on a page: the page entry's). */
async function loadDraft(host: string): Promise<Draft> {
  const page = "/dist/browser/draft.js";
  return host === "page" ? import(page) : import("../dist/draft.js");
}

for (const host of testHosts("node", "page")) {
  describe(`draft sockets (${host.name})`, () => {
    host.it(
      "Server and Client: a receive that waits is woken by the message",
      async ({ host, sockets, inproc, within, assert }) => {
        const { Server, Client } = await loadDraft(host);
        const server = sockets.add(new Server());
        const client = sockets.add(new Client());
        const address = inproc("draft-server");
        await server.bind(address);
        client.connect(address);
        // Waiting first: only the readiness signal can end this receive.
        const received = server.receive();
        await client.send("hello");
        const [message, { routingId }] = await within(received, 5000, "server");
        assert.equal(message.toString(), "hello");
        const reply = client.receive();
        await server.send("world", { routingId });
        assert.equal((await within(reply, 5000, "client"))[0].toString(), "world");
      },
      { uses: [loadDraft] },
    );

    host.it(
      "Radio and Dish: the Dish gets its group's messages, with the group",
      async ({ host, sockets, inproc, within, sleep, assert }) => {
        const { Radio, Dish } = await loadDraft(host);
        const radio = sockets.add(new Radio());
        const dish = sockets.add(new Dish());
        const address = inproc("draft-radio");
        await dish.bind(address);
        radio.connect(address);
        // The join reaches the Radio after connect: until then it drops.
        const [message, { group }] = await firstNews(radio, dish, sleep, within);
        assert.equal(message.toString(), "headline");
        assert.equal(group.toString(), "news");
      },
      { uses: [loadDraft, firstNews] },
    );

    host.it(
      "Scatter and Gather, with a send that waits at the high-water mark",
      async ({ host, sockets, inproc, within, assert }) => {
        const { Scatter, Gather } = await loadDraft(host);
        const scatter = sockets.add(new Scatter({ sendHighWaterMark: 1 }));
        const gather = sockets.add(new Gather({ receiveHighWaterMark: 1 }));
        const address = inproc("draft-scatter");
        await gather.bind(address);
        scatter.connect(address);
        const sending = (async () => {
          for (let i = 0; i < 20; i++) await scatter.send(String(i));
        })();
        for (let i = 0; i < 20; i++) {
          const [message] = await within(gather.receive(), 5000, `message ${i}`);
          assert.equal(message.toString(), String(i));
        }
        await within(sending, 5000, "sends");
      },
      { uses: [loadDraft] },
    );
  });
}

interface GroupRadio {
  send(message: string, options: { group: string }): Promise<void>;
}
interface GroupDish<F> {
  join(group: string): void;
  receive(): Promise<[F, { group: F }]>;
}

/** Joins the Dish to "news" and has the Radio send to "other" and "news"
 * until the Dish gets a message (messages before the Radio knows of the
 * Dish are dropped); the first it gets. */
async function firstNews<F>(
  radio: GroupRadio,
  dish: GroupDish<F>,
  sleep: (ms: number) => Promise<void>,
  within: <T>(promise: Promise<T>, ms: number, what: string) => Promise<T>,
): Promise<[F, { group: F }]> {
  dish.join("news");
  const received = dish.receive();
  let got = false;
  void received.then(() => (got = true));
  for (let i = 0; i < 250 && !got; i++) {
    await radio.send("skip", { group: "other" });
    await radio.send("headline", { group: "news" });
    await sleep(20);
  }
  return within(received, 5000, "dish");
}

/** A udp port for one test: the machine's other tests may bind fixed
 * ones, and a udp bind reuses the address, so a clash would not fail. */
function udpPort(): number {
  return 20_000 + Math.floor(Math.random() * 40_000);
}

for (const host of testHosts("node")) {
  describe(`draft sockets over udp:// (${host.name})`, () => {
    host.it("Radio and Dish: datagrams from the Radio reach the Dish's group, with the group", async ({ sockets, within, sleep, assert }) => {
      const { Radio, Dish } = await loadDraft("node");
      const radio = sockets.add(new Radio());
      const dish = sockets.add(new Dish());
      const address = `udp://127.0.0.1:${udpPort()}`;
      await dish.bind(address);
      radio.connect(address);
      // UDP has no handshake: the Dish's socket is bound a moment after
      // bind() settles, and datagrams before that are lost.
      const [message, { group }] = await firstNews(radio, dish, sleep, within);
      assert.equal(message.toString(), "headline");
      assert.equal(group.toString(), "news");
    });

    host.it("Datagram: a message comes with its sender's address, and a reply to it arrives", async ({ sockets, within, sleep, assert }) => {
      const { Datagram } = await loadDraft("node");
      const [one, two] = [sockets.add(new Datagram()), sockets.add(new Datagram())];
      const [onePort, twoPort] = [udpPort(), udpPort()];
      await one.bind(`udp://127.0.0.1:${onePort}`);
      await two.bind(`udp://127.0.0.1:${twoPort}`);
      const received = one.receive();
      let got = false;
      void received.then(() => (got = true));
      for (let i = 0; i < 250 && !got; i++) {
        await two.send([`127.0.0.1:${onePort}`, "ping"]);
        await sleep(20);
      }
      const [from, ping] = await within(received, 5000, "ping");
      assert.equal(from.toString(), `127.0.0.1:${twoPort}\0`);
      assert.equal(ping.toString(), "ping");
      await one.send([from, "pong"]);
      const [back, pong] = await within(two.receive(), 5000, "pong");
      assert.equal(back.toString(), `127.0.0.1:${onePort}\0`);
      assert.equal(pong.toString(), "pong");
    });

    host.it("refuses multicast udp:// at once: the host's UDP sockets join no groups", async ({ sockets, assert }) => {
      const { Radio, Dish } = await loadDraft("node");
      const dish = sockets.add(new Dish());
      const radio = sockets.add(new Radio());
      await assert.rejects(dish.bind("udp://239.0.0.1:5555"), { code: "ENOTSUP", hint: /multicast udp:\/\/ is not available/ });
      assert.throws(() => radio.connect("udp://eth0;239.0.0.1:5555"), { code: "ENOTSUP" });
      assert.throws(() => radio.connect("udp://[ff02::1]:5555"), { code: "ENOTSUP" });
    });
  });
}

for (const host of testHosts("page")) {
  describe("draft sockets over udp:// (page)", () => {
    host.it(
      "refuses udp:// clearly: a page has no UDP (connect throws at once, bind rejects)",
      async ({ host, sockets, assert }) => {
        const { Radio, Dish } = await loadDraft(host);
        const radio = sockets.add(new Radio());
        const dish = sockets.add(new Dish());
        const refused = { code: "EPROTONOSUPPORT", message: /udp:\/\/ needs a runtime with UDP sockets \(Node, Deno, Bun\)/ };
        assert.throws(() => radio.connect("udp://127.0.0.1:5555"), refused);
        await assert.rejects(dish.bind("udp://127.0.0.1:5555"), refused);
      },
      { uses: [loadDraft] },
    );
  });
}

describe("capability", () => {
  it("is what libzmq's zmq_has() says of both builds, but ipc: the transport shim has no Unix sockets", async () => {
    for (const build of ["nothreads", "threads"] as const) {
      const { wasm } = await loadPlatform(build);
      const has = (name: string) => {
        const size = wasm.lengthBytesUTF8(name) + 1;
        const text = wasm._malloc(size);
        wasm.stringToUTF8(name, text, size);
        const answer = wasm._zmq_has(text) === 1;
        wasm._free(text);
        return answer;
      };
      const names = ["ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft"] as const;
      const expected = Object.fromEntries(names.map((name) => [name, name === "ipc" ? false : has(name)]));
      assert.deepEqual({ ...capability }, expected, build);
      assert.equal(has("ipc"), true, `${build}: libzmq itself has ipc:// (the shim does not carry it)`);
    }
  });
});
