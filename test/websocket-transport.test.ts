// The WebSocket transport (what browsers and workers use), exercised from
// Node through the real gateway, against a native libzmq peer.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { WebSocket } from "ws";
import { configure, Request, Subscriber, curveKeyPair } from "../dist/index.js";
import { gatewayUrl } from "../dist/transport/websocket.js";
import { fixtures } from "./support/fixtures.ts";
import { createGateway, type Gateway, type LogEntry } from "../dist/gateway/server.js";
import { recordingRelay } from "./support/tcp.ts";
import { text, within } from "./support/util.ts";

const { sockets, peer: startPeer } = fixtures();
// Native peers bind random loopback ports: allow them all for this test.
const opened: string[] = [];
let gateway: Gateway;
before(async () => {
  const allow = Array.from({ length: 65535 - 1024 }, (_, i) => `127.0.0.1:${1025 + i}`);
  gateway = await createGateway({ port: 0, allow, log: (entry: LogEntry) => entry.event === "open" && opened.push(entry.target!) });
  configure({ gateway: gateway.url, WebSocket: WebSocket as never });
});
after(async () => {
  configure({ gateway: null });
  await gateway.close();
});

describe("WebSocket transport (gateway URL contract)", () => {
  it("maps tcp://host:port to <gateway>/<host>:<port>, IPv6 in brackets", () => {
    assert.equal(gatewayUrl("wss://gw.example/zmq/", { host: "10.0.0.5", port: 5555 }), "wss://gw.example/zmq/10.0.0.5:5555");
    assert.equal(gatewayUrl("ws://gw", { host: "::1", port: 7 }), "ws://gw/[::1]:7");
    assert.equal(gatewayUrl("ws://gw", { host: "feeds.local", port: 80 }), "ws://gw/feeds.local:80");
    assert.equal(gatewayUrl("wss://gw/zmq?token=s3cret", { host: "10.0.0.5", port: 5555 }), "wss://gw/zmq/10.0.0.5:5555?token=s3cret");
  });

  it("passes a ?token= in the gateway URL to a gateway that requires one (browsers cannot set headers)", async () => {
    const peer = startPeer("rep", { count: 1 });
    const endpoint = await peer.endpoint();
    const guarded = await createGateway({ port: 0, allow: [endpoint.replace("tcp://", "")], token: "s3cret", log: false });
    try {
      const req = sockets.add(new Request());
      req.connect(endpoint, { gateway: `${guarded.url}/?token=s3cret` });
      await req.send("with a token");
      assert.deepEqual(text(await within(req.receive(), 5000, "reply")), ["echo:with a token"]);
    } finally {
      await guarded.close();
    }
  });

  it("carries a Request/Reply exchange with a native peer, one WebSocket per connection", async () => {
    const peer = startPeer("rep", { count: 20 });
    const endpoint = await peer.endpoint();
    const req = sockets.add(new Request());
    req.connect(endpoint);
    for (let i = 0; i < 20; i++) {
      await req.send(`over ws ${i}`);
      assert.deepEqual(text(await within(req.receive(), 5000, "reply")), [`echo:over ws ${i}`]);
    }
    assert.deepEqual(opened, [endpoint.replace("tcp://", "")], "one WebSocket, to /<host>:<port>");
  });

  it("receives a filtered feed from a native publisher", async () => {
    const peer = startPeer("pub", { topics: ["alpha", "beta"], rounds: 300 });
    const sub = sockets.add(new Subscriber());
    sub.connect(await peer.endpoint());
    sub.subscribe("beta");
    for (let i = 0; i < 20; i++) assert.equal(text(await within(sub.receive(), 10_000, "update"))[0], "beta");
  });

  it("keeps CURVE end to end: the bytes the gateway forwards never hold the plaintext", async () => {
    const server = curveKeyPair();
    const client = curveKeyPair();
    const peer = startPeer("rep", { count: 1, curve_server_secret: server.secretKey, curve_server_public: server.publicKey });
    // gateway -> recording relay -> native peer: the relay sees what the gateway sent.
    const { relay, seen } = await recordingRelay(Number((await peer.endpoint()).split(":").pop()));
    const req = sockets.add(
      new Request({ curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey }),
    );
    req.connect(`tcp://127.0.0.1:${relay.port}`);
    const secret = "the-plaintext-that-must-not-leak";
    await req.send(secret);
    assert.deepEqual(text(await within(req.receive(), 10_000, "reply")), [`echo:${secret}`]);
    const bytes = seen();
    await relay.close();
    assert.equal(bytes.includes(Buffer.from("plaintext-that-must")), false);
    assert.ok(bytes.includes(Buffer.from("CURVE")), "the CURVE handshake went through the gateway");
  });

  it("takes a gateway per endpoint: connect(address, { gateway })", async () => {
    configure({ gateway: null }); // runtime-wide: direct TCP
    try {
      const peer = startPeer("rep", { count: 1 });
      const endpoint = await peer.endpoint();
      const req = sockets.add(new Request());
      opened.length = 0;
      req.connect(endpoint, { gateway: gateway.url });
      await req.send("routed");
      assert.deepEqual(text(await within(req.receive(), 5000, "reply")), ["echo:routed"]);
      assert.deepEqual(opened, [endpoint.replace("tcp://", "")], "this endpoint went through the gateway");
      assert.throws(() => req.connect("inproc://x", { gateway: gateway.url }), { code: "EINVAL" });
    } finally {
      configure({ gateway: gateway.url, WebSocket: WebSocket as never });
    }
  });

  it("refuses a gateway URL that is not ws:// or wss://", () => {
    assert.throws(() => configure({ gateway: "http://example" }), { code: "EINVAL" });
    assert.throws(() => new Request().connect("tcp://127.0.0.1:5555", { gateway: "ftp://x" }), { code: "EINVAL" });
  });
});
