import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Context, Dealer, Publisher, Request, Router, Subscriber, XPublisher, curveKeyPair } from "../dist/index.js";
import { socketOptions } from "../dist/options.js";
import {  } from "./support/util.ts";
import { fixtures } from "./support/fixtures.ts";

const { sockets } = fixtures();

describe("socket options", () => {
  it("round-trips every readable, writable option of the table through libzmq", () => {
    const samples = { int32: 1234, int64: 4096, bool: true } as const;
    const checked: string[] = [];
    for (const [name, spec] of Object.entries(socketOptions)) {
      const s = spec as { kind: string; readOnly?: boolean; writeOnly?: boolean; on?: readonly number[] };
      if (s.readOnly || s.writeOnly || !(s.kind in samples)) continue;
      // A Dealer has the common options; take another type where needed.
      const socket = sockets.add(
        s.on && !s.on.includes(5) ? (s.on.includes(6) ? new Router() : new Subscriber()) : new Dealer(),
      ) as unknown as Record<string, unknown>;
      let value: unknown = samples[s.kind as keyof typeof samples];
      if (name === "affinity") value = 3;
      if (name === "typeOfService") value = 16;
      if (name === "tcpKeepalive") value = 1;
      if (name === "heartbeatTimeToLive") value = 2000; // libzmq keeps deciseconds
      socket[name] = value;
      assert.equal(socket[name], value, name);
      checked.push(name);
    }
    assert.ok(checked.length >= 25, `checked ${checked.length}`);
  });

  it("takes options in the constructor, typed from the same table", () => {
    const dealer = sockets.add(new Dealer({ routingId: "me", linger: 0, sendHighWaterMark: 7, immediate: true }));
    assert.equal(dealer.routingId, "me");
    assert.equal(dealer.linger, 0);
    assert.equal(dealer.sendHighWaterMark, 7);
    assert.equal(dealer.immediate, true);
    assert.equal(dealer.type, 5);
  });

  it("caps maxMessageSize at 64 MiB unless told otherwise (libzmq: no limit)", () => {
    assert.equal(sockets.add(new Dealer()).maxMessageSize, 64 * 1024 * 1024);
    assert.equal(sockets.add(new Dealer({ maxMessageSize: -1 })).maxMessageSize, -1);
    assert.equal(sockets.add(new Dealer({ maxMessageSize: 2 ** 40 })).maxMessageSize, 2 ** 40);
  });

  it("reads string options back, and null when empty", async () => {
    const pub = sockets.add(new Publisher());
    assert.equal(pub.lastEndpoint, null);
    await pub.bind("tcp://127.0.0.1:*");
    assert.match(pub.lastEndpoint!, /^tcp:\/\/127\.0\.0\.1:\d+$/);
    pub.zapDomain = "global";
    assert.equal(pub.zapDomain, "global");
  });

  it("sets CURVE keys as Z85 text and reads them back", () => {
    const server = curveKeyPair();
    const client = curveKeyPair();
    const dealer = sockets.add(
      new Dealer({ curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey }),
    );
    assert.equal(dealer.curvePublicKey, client.publicKey);
    assert.equal(dealer.curveServerKey, server.publicKey);
    assert.equal(dealer.securityMechanism, 2);
  });

  it("rejects bad values with clear errors and leaves the socket usable", () => {
    const req = sockets.add(new Request());
    assert.throws(() => ((req as unknown as Record<string, unknown>).linger = "long"), {
      code: "EINVAL",
      message: /"linger" must be an integer, got the string "long"/,
    });
    assert.throws(() => ((req as unknown as Record<string, unknown>).immediate = 1), { message: /must be a boolean/ });
    assert.throws(() => ((req as unknown as Record<string, unknown>).type = 3), { message: /read-only/ });
    assert.throws(() => (req.sendHighWaterMark = -1), { code: "EINVAL" });
    assert.throws(() => new Request({ bogus: 1 } as never), { message: /Unknown socket option "bogus"/ });
    assert.throws(() => (req.curveServerKey = "too short"), { code: "EINVAL" });
    req.linger = 5;
    assert.equal(req.linger, 5);
  });

  it("refuses an option that does not apply to the socket type", () => {
    const pub = sockets.add(new Publisher());
    assert.throws(() => ((pub as unknown as Record<string, unknown>).mandatory = true), {
      message: /does not apply to this socket type/,
    });
    const xpub = sockets.add(new XPublisher());
    xpub.verbosity = true; // write-only: accepted, reads back undefined
    assert.equal(xpub.verbosity, undefined);
  });
});

describe("context options", () => {
  it("sets and reads context options", () => {
    const context = new Context({ ioThreads: 2, maxSockets: 64, blocky: false });
    assert.equal(context.ioThreads, 2);
    assert.equal(context.maxSockets, 64);
    assert.equal(context.blocky, false);
    const socket = sockets.add(new Dealer({ context }));
    assert.equal(socket.context, context);
    assert.equal(socket.linger, 0, "blocky: false gives new sockets linger 0");
    assert.throws(() => new Context({ ioThreads: "two" } as never), { message: /must be an integer/ });
  });
});
