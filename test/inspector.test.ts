// The inspector's parts in Node (issue 18): the registry of live sockets,
// the message/byte counters on the send and receive paths, the event tap
// that leaves the owner's socket.events whole, and the endpoint states,
// rates and reconnects the panel shows. The panel itself, in Chromium:
// test/e2e/inspector.test.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as native from "zeromq";
import { Pair, Pull, Push, Subscriber, type Event } from "../dist/index.js";
import { liveSockets, type InspectableSocket } from "../dist/inspect/registry.js";
import { EndpointStates } from "../dist/inspector/endpoint-state.js";
import { RateMeter } from "../dist/inspector/rates.js";
import { renderSockets } from "../dist/inspector/render.js";
import { matches, parseShortcut } from "../dist/inspector/shortcut.js";
import { SocketsView } from "../dist/inspector/sockets-view.js";
import { fixtures } from "./support/fixtures.ts";
import { freePort } from "./support/tcp.ts";
import { eventually, inproc, within } from "./support/util.ts";

const { sockets } = fixtures();
const inspectable = (socket: object) => socket as unknown as InspectableSocket;
const isLive = (socket: object) => liveSockets().some((entry) => entry.socket === inspectable(socket));

describe("inspector: the registry of live sockets", () => {
  it("lists a socket from its creation until its close, with its type and named endpoints", async () => {
    const push = sockets.add(new Push());
    const address = inproc("inspector");
    await push.bind(address);
    assert.ok(isLive(push));
    const seen = inspectable(push).inspect();
    assert.equal(seen.type, "Push");
    assert.deepEqual(seen.endpoints, [{ verb: "bind", address }]);
    const other = sockets.add(new Push());
    await assert.rejects(other.bind(address), { code: "EADDRINUSE" });
    assert.deepEqual(inspectable(other).inspect().endpoints, [], "a failed bind is no endpoint");
    push.close();
    assert.ok(!isLive(push));
  });
});

describe("inspector: traffic counters", () => {
  it("counts messages and bytes sent and received, multipart as one message", async () => {
    const address = inproc("inspector");
    const push = sockets.add(new Push());
    const pull = sockets.add(new Pull());
    await pull.bind(address);
    push.connect(address);
    await push.send("12345");
    await push.send(["ab", "cde"]);
    await pull.receive();
    await pull.receive();
    assert.deepEqual({ ...inspectable(push).inspect().traffic }, { messagesIn: 0, bytesIn: 0, messagesOut: 2, bytesOut: 10 });
    assert.deepEqual({ ...inspectable(pull).inspect().traffic }, { messagesIn: 2, bytesIn: 10, messagesOut: 0, bytesOut: 0 });
  });

  it("counts a message received by a receive() that waited, and shows what waits", async () => {
    const address = inproc("inspector");
    const push = sockets.add(new Push());
    const pull = sockets.add(new Pull());
    await pull.bind(address);
    push.connect(address);
    const later = pull.receive();
    await push.send("x");
    await later;
    assert.equal(inspectable(pull).inspect().traffic.messagesIn, 1);
    await push.send("y");
    await eventually("libzmq holds y", () => inspectable(pull).inspect().readable);
  });
});

describe("inspector: the event tap leaves socket.events to its owner", () => {
  async function withTap(read: (socket: Pair) => Promise<string[]>): Promise<{ owner: string[]; tapped: string[] }> {
    const address = `tcp://127.0.0.1:${await freePort()}`;
    const server = sockets.add(new Pair());
    const tapped: string[] = [];
    const untap = inspectable(server).tapEvents((event) => tapped.push(event.type));
    const owner = read(server);
    await server.bind(address);
    // Pair takes one peer; the second is accepted, then dropped.
    for (let i = 0; i < 2; i++) sockets.add(new Pair()).connect(address);
    await eventually("two accepts tapped", () => tapped.filter((type) => type === "accept").length === 2);
    server.close();
    const seen = await within(owner, 10_000, "the owner's events");
    untap();
    return { owner: seen, tapped };
  }

  it("for await (const event of socket.events) sees every event the tap sees", async () => {
    const { owner, tapped } = await withTap(async (socket) => {
      const seen: string[] = [];
      for await (const event of socket.events) seen.push(event.type);
      return seen;
    });
    assert.ok(owner.includes("bind") && owner.filter((type) => type === "accept").length === 2 && owner.at(-1) === "end", owner.join());
    assert.deepEqual(owner, tapped);
  });

  it("socket.events.on() listeners see every event the tap sees", async () => {
    const { owner, tapped } = await withTap(
      (socket) =>
        new Promise((resolve) => {
          const seen: string[] = [];
          for (const type of ["bind", "accept", "handshake", "disconnect", "close", "end"] as const) {
            socket.events.on(type, (event: Event) => {
              seen.push(event.type);
              if (event.type === "end") resolve(seen);
            });
          }
        }),
    );
    assert.deepEqual(owner, tapped.filter((type) => ["bind", "accept", "handshake", "disconnect", "close", "end"].includes(type)));
    assert.ok(owner.includes("accept") && owner.at(-1) === "end", owner.join());
  });

  it("an owner who first reads socket.events after the tap started sees only later events", async () => {
    const pair = sockets.add(new Pair());
    const tapped: string[] = [];
    const untap = inspectable(pair).tapEvents((event) => tapped.push(event.type));
    await pair.bind(inproc("inspector"));
    const address = `tcp://127.0.0.1:${await freePort()}`;
    await pair.bind(address);
    await eventually("the tcp bind tapped", () => tapped.includes("bind"));
    const events = pair.events;
    const next = events.receive();
    pair.connect(`tcp://127.0.0.1:${await freePort()}`);
    assert.equal((await within(next, 10_000, "the owner's first event")).type, "connect:delay");
    untap();
  });

  it("a tap added later first gets each endpoint's latest event the owner's Observer read", async () => {
    const pair = sockets.add(new Pair());
    const events = pair.events;
    const address = `tcp://127.0.0.1:${await freePort()}`;
    const bound = events.receive();
    await pair.bind(address);
    assert.equal((await within(bound, 10_000, "bind")).type, "bind");
    const tapped: string[] = [];
    const untap = inspectable(pair).tapEvents((event) => tapped.push(`${event.type} ${"address" in event ? event.address : ""}`));
    assert.deepEqual(tapped, [`bind ${address}`]);
    untap();
    assert.equal(events.closed, false, "the owner's Observer stays open");
  });

  it("a monitor only the tap started stops with the tap; the owner's socket.events then starts afresh", async () => {
    const pair = sockets.add(new Pair());
    const untap = inspectable(pair).tapEvents(() => {});
    untap();
    const events = pair.events;
    assert.equal(events.closed, false);
    const first = events.receive();
    await pair.bind(`tcp://127.0.0.1:${await freePort()}`);
    assert.equal((await within(first, 10_000, "bind")).type, "bind");
  });
});

describe("inspector: what the panel shows", () => {
  it("a subscriber's endpoint goes connecting, connected; a restarted publisher gives a reconnect; rates count the feed", async () => {
    const port = await freePort();
    const address = `tcp://127.0.0.1:${port}`;
    const view = new SocketsView();
    try {
      let publisher = new native.Publisher({ linger: 0 });
      await publisher.bind(address);
      const sub = sockets.add(new Subscriber({ reconnectInterval: 50, reconnectMaxInterval: 200 }));
      view.refresh(0);
      sub.connect(address);
      sub.subscribe("t");
      const id = liveSockets().find((entry) => entry.socket === inspectable(sub))!.id;
      const row = () => view.refresh(performance.now()).find((entry) => entry.id === id)!;
      await eventually("connected", () => row()?.endpoints[0].state === "connected", 10_000);
      // A feed: the publisher sends while the subscriber reads.
      let sending = true;
      const feed = (async () => {
        while (sending) {
          await publisher.send(["t", "x".repeat(100)]);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const reading = (async () => {
        for await (const _ of sub) void _;
      })();
      await eventually("a rate in", () => row().rates.messagesIn > 0 && row().rates.bytesIn > 100, 10_000);
      sending = false;
      await feed;
      publisher.close();
      await eventually("lost", () => ["disconnected", "retrying", "connecting", "closed"].includes(row().endpoints[0].state), 10_000);
      publisher = new native.Publisher({ linger: 0 });
      await publisher.bind(address);
      await eventually("reconnected", () => row().endpoints[0].state === "connected" && row().reconnects >= 1, 10_000);
      publisher.close();
      sub.close();
      await reading;
    } finally {
      view.close();
    }
  });

  it("endpoint states from events: retry delay, handshake failure and last error, peers of a bind", () => {
    const states = new EndpointStates();
    const named = [
      { verb: "connect" as const, address: "tcp://localhost:5555" },
      { verb: "bind" as const, address: "tcp://*:6000" },
    ];
    states.apply({ type: "connect:delay", address: "tcp://127.0.0.1:5555" }, named);
    assert.equal(states.list(named)[0].state, "connecting");
    states.apply({ type: "connect:retry", address: "tcp://127.0.0.1:5555", interval: 400 }, named);
    assert.deepEqual(states.list(named)[0], { address: "tcp://localhost:5555", verb: "connect", state: "retrying", retryMs: 400, reconnects: 0, peers: 0 });
    states.apply({ type: "connect", address: "tcp://127.0.0.1:5555" }, named);
    assert.equal(states.list(named)[0].reconnects, 1);
    const error = Object.assign(new Error("Mechanism mismatch"), { code: "ERR_ZMTP_MECHANISM_MISMATCH" as const });
    states.apply({ type: "handshake:error:protocol", address: "tcp://127.0.0.1:5555", error }, named);
    assert.equal(states.list(named)[0].state, "handshake failed");
    assert.equal(states.lastError, "tcp://localhost:5555 handshake:error:protocol: Mechanism mismatch");
    states.apply({ type: "bind", address: "tcp://0.0.0.0:6000" }, named);
    states.apply({ type: "accept", address: "tcp://0.0.0.0:6000" }, named);
    states.apply({ type: "accept", address: "tcp://0.0.0.0:6000" }, named);
    states.apply({ type: "disconnect", address: "tcp://0.0.0.0:6000" }, named);
    assert.deepEqual(states.list(named)[1], { address: "tcp://*:6000", verb: "bind", state: "listening", reconnects: 0, peers: 1 });
  });

  it("rates over the last second of samples", () => {
    const meter = new RateMeter();
    const traffic = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };
    meter.sample(traffic as never, 0);
    for (let at = 250; at <= 2000; at += 250) {
      traffic.messagesIn += 25;
      traffic.bytesIn += 2500;
      const rates = meter.sample(traffic as never, at);
      assert.equal(rates.messagesIn, 100);
      assert.equal(rates.bytesIn, 10_000);
      assert.equal(rates.messagesOut, 0);
    }
  });

  it("renders escaped text and the raw figures as data attributes", () => {
    const html = renderSockets([
      {
        id: 7,
        type: "Subscriber",
        endpoints: [{ address: "tcp://<x>:1", verb: "connect", state: "retrying", retryMs: 200, reconnects: 2, peers: 0 }],
        rates: { messagesIn: 12.5, bytesIn: 2048, messagesOut: 0, bytesOut: 0 },
        inbox: 3,
        readable: true,
        sendsWaiting: 0,
        reconnects: 2,
        lastError: "<b>",
      },
    ]);
    assert.match(html, /data-socket="7"/);
    assert.match(html, /data-msgs-in="12.5"/);
    assert.match(html, /data-state="retrying"/);
    assert.match(html, /retrying in 200 ms/);
    assert.match(html, /3\+ to receive/);
    assert.ok(!html.includes("<x>") && !html.includes("<b>"));
  });

  it("parses and matches keyboard shortcuts", () => {
    const chord = parseShortcut("Ctrl+Shift+Z");
    const press = { key: "Z", ctrlKey: true, shiftKey: true, altKey: false, metaKey: false };
    assert.ok(matches(chord, press));
    assert.ok(!matches(chord, { ...press, shiftKey: false }));
    assert.ok(matches(parseShortcut("alt+i"), { key: "i", ctrlKey: false, shiftKey: false, altKey: true, metaKey: false }));
    assert.throws(() => parseShortcut("Hyper+X"), TypeError);
  });
});

