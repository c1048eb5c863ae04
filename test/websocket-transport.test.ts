// The WebSocket transport (what browsers and workers use), exercised from
// Node through a test byte pipe, against a native libzmq peer.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { WebSocket } from "ws";
import { configure, Request, Subscriber, curveKeyPair } from "../dist/index.js";
import { gatewayUrl } from "../dist/transport/websocket.js";
import { fixtures } from "./support/fixtures.ts";
import { startPipe, type Pipe } from "./support/ws-pipe.ts";
import { text, within } from "./support/util.ts";

const { sockets, peer: startPeer } = fixtures();
let pipe: Pipe;
before(async () => {
  pipe = await startPipe();
  configure({ gateway: pipe.url, WebSocket: WebSocket as never });
});
after(async () => {
  configure({ gateway: null });
  await pipe.close();
});

describe("WebSocket transport (gateway URL contract)", () => {
  it("maps tcp://host:port to <gateway>/<host>:<port>, IPv6 in brackets", () => {
    assert.equal(gatewayUrl("wss://gw.example/zmq/", { host: "10.0.0.5", port: 5555 }), "wss://gw.example/zmq/10.0.0.5:5555");
    assert.equal(gatewayUrl("ws://gw", { host: "::1", port: 7 }), "ws://gw/[::1]:7");
    assert.equal(gatewayUrl("ws://gw", { host: "feeds.local", port: 80 }), "ws://gw/feeds.local:80");
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
    assert.ok(pipe.paths.includes(endpoint.replace("tcp://", "")), `paths: ${pipe.paths.join(", ")}`);
  });

  it("receives a filtered feed from a native publisher", async () => {
    const peer = startPeer("pub", { topics: ["alpha", "beta"], rounds: 300 });
    const sub = sockets.add(new Subscriber());
    sub.connect(await peer.endpoint());
    sub.subscribe("beta");
    for (let i = 0; i < 20; i++) assert.equal(text(await within(sub.receive(), 10_000, "update"))[0], "beta");
  });

  it("keeps CURVE end to end: the pipe never sees the plaintext", async () => {
    const server = curveKeyPair();
    const client = curveKeyPair();
    const peer = startPeer("rep", { count: 1, curve_server_secret: server.secretKey, curve_server_public: server.publicKey });
    const req = sockets.add(
      new Request({ curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey }),
    );
    req.connect(await peer.endpoint());
    const secret = "the-plaintext-that-must-not-leak";
    await req.send(secret);
    assert.deepEqual(text(await within(req.receive(), 10_000, "reply")), [`echo:${secret}`]);
    const seen = Buffer.concat(pipe.forwarded);
    assert.equal(seen.includes(Buffer.from("plaintext-that-must")), false);
    assert.ok(seen.includes(Buffer.from("CURVE")), "the handshake went through the pipe");
  });

  it("refuses a gateway URL that is not ws:// or wss://", () => {
    assert.throws(() => configure({ gateway: "http://example" }), { code: "EINVAL" });
  });
});
