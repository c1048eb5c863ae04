import { describe } from "node:test";
import { socketOptions } from "../dist/options.js";
import { testHosts } from "./support/hosts.ts";

for (const host of testHosts("node", "page")) {
  describe(`socket options (${host.name})`, () => {
    host.it("round-trips every readable, writable option of the table through libzmq", async ({ zmq, sockets, assert }, { table }) => {
      const samples = { int32: 1234, int64: 4096, bool: true } as const;
      const checked: string[] = [];
      for (const [name, spec] of Object.entries(table)) {
        const s = spec as { kind: string; readOnly?: boolean; writeOnly?: boolean; on?: readonly number[] };
        if (s.readOnly || s.writeOnly || !(s.kind in samples)) continue;
        // A Dealer has the common options; take another type where needed.
        const socket = sockets.add(
          s.on && !s.on.includes(5) ? (s.on.includes(6) ? new zmq.Router() : new zmq.Subscriber()) : new zmq.Dealer(),
        );
        let value: unknown = samples[s.kind as keyof typeof samples];
        if (name === "affinity") value = 3;
        if (name === "typeOfService") value = 16;
        if (name === "tcpKeepalive") value = 1;
        if (name === "heartbeatTimeToLive") value = 2000; // libzmq keeps deciseconds
        (socket as unknown as Record<string, unknown>)[name] = value;
        assert.equal((socket as unknown as Record<string, unknown>)[name], value, name);
        assert.equal(await socket.readOption(name as never), value, `${name} as libzmq has it`);
        checked.push(name);
      }
      assert.ok(checked.length >= 25, `checked ${checked.length}`);
    }, { args: { table: socketOptions } });

    host.it("takes options in the constructor, typed from the same table", async ({ zmq, sockets, assert }) => {
      const dealer = sockets.add(new zmq.Dealer({ routingId: "me", linger: 0, sendHighWaterMark: 7, immediate: true }));
      assert.equal(dealer.routingId, "me");
      assert.equal(dealer.linger, 0);
      assert.equal(dealer.sendHighWaterMark, 7);
      assert.equal(dealer.immediate, true);
      assert.equal(dealer.type, 5);
      assert.equal(await dealer.readOption("sendHighWaterMark"), 7);
    });

    host.it("caps maxMessageSize at 64 MiB unless told otherwise (libzmq: no limit)", async ({ zmq, sockets, assert }) => {
      for (const [given, expected] of [[undefined, 64 * 1024 * 1024], [-1, -1], [2 ** 40, 2 ** 40]]) {
        const dealer = sockets.add(new zmq.Dealer(given === undefined ? {} : { maxMessageSize: given }));
        assert.equal(dealer.maxMessageSize, expected);
        assert.equal(await dealer.readOption("maxMessageSize"), expected);
      }
    });

    host.it("reads string options back, and null when empty", async ({ zmq, sockets, bindAny, assert }) => {
      const pub = sockets.add(new zmq.Publisher());
      assert.equal(await pub.readOption("lastEndpoint"), null);
      const address = await bindAny(pub);
      assert.match(address, /^(tcp:\/\/127\.0\.0\.1:\d+|inproc:\/\/.+)$/);
      assert.equal(pub.lastEndpoint, address);
      pub.zapDomain = "global";
      assert.equal(pub.zapDomain, "global");
      assert.equal(await pub.readOption("zapDomain"), "global");
    });

    host.it("sets CURVE keys as Z85 text and reads them back", async ({ zmq, sockets, keyPair, assert }) => {
      const server = await keyPair();
      const client = await keyPair();
      const dealer = sockets.add(
        new zmq.Dealer({ curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey }),
      );
      assert.equal(await dealer.readOption("curvePublicKey"), client.publicKey);
      assert.equal(await dealer.readOption("curveServerKey"), server.publicKey);
      assert.equal(await dealer.readOption("securityMechanism"), 2);
    });

    host.it("rejects bad values with clear errors and leaves the socket usable", async ({ zmq, sockets, failsLater, assert }) => {
      const req = sockets.add(new zmq.Request());
      const loose = req as unknown as Record<string, unknown>;
      assert.throws(() => (loose.linger = "long"), { code: "EINVAL", message: /"linger" must be an integer, got the string "long"/ });
      assert.throws(() => (loose.immediate = 1), { message: /must be a boolean/ });
      assert.throws(() => (loose.type = 3), { message: /read-only/ });
      assert.throws(() => new zmq.Request({ bogus: 1 } as never), { message: /Unknown socket option "bogus"/ });
      // What only libzmq knows: at once in Node, on the next call on a page.
      await failsLater(req, () => (req.sendHighWaterMark = -1), { code: "EINVAL" });
      await failsLater(req, () => (req.curveServerKey = "too short"), { code: "EINVAL" });
      req.linger = 5;
      assert.equal(req.linger, 5);
      assert.equal(await req.readOption("linger"), 5);
    });

    host.it("refuses an option that does not apply to the socket type", async ({ zmq, sockets, assert }) => {
      const pub = sockets.add(new zmq.Publisher());
      assert.throws(() => ((pub as unknown as Record<string, unknown>).mandatory = true), {
        message: /does not apply to this socket type/,
      });
      const xpub = sockets.add(new zmq.XPublisher());
      xpub.verbosity = true; // write-only: accepted, reads back undefined
      assert.equal(xpub.verbosity, undefined);
    });
  });

  describe(`context options (${host.name})`, () => {
    host.it("sets and reads context options", async ({ zmq, sockets, assert }) => {
      const context = new zmq.Context({ ioThreads: 2, maxSockets: 64, blocky: false });
      assert.equal(context.ioThreads, 2);
      assert.equal(context.maxSockets, 64);
      assert.equal(context.blocky, false);
      const socket = sockets.add(new zmq.Dealer({ context }));
      assert.equal(socket.context, context);
      assert.equal(await socket.readOption("linger"), 0, "blocky: false gives new sockets linger 0");
      assert.throws(() => new zmq.Context({ ioThreads: "two" } as never), { message: /must be an integer/ });
    });

    host.it("has the default context as an object, as zeromq.js's `context`: its options apply to new sockets", async ({ zmq, sockets, assert }) => {
      assert.ok(zmq.context instanceof zmq.Context);
      const socket = sockets.add(new zmq.Dealer());
      assert.equal(socket.context, zmq.context);
      assert.equal(zmq.context.blocky, true);
      zmq.context.blocky = false;
      try {
        assert.equal(zmq.context.blocky, false);
        const quick = sockets.add(new zmq.Dealer());
        assert.equal(await quick.readOption("linger"), 0, "blocky: false on the default context gives new sockets linger 0");
      } finally {
        zmq.context.blocky = true;
      }
      assert.equal(await sockets.add(new zmq.Dealer()).readOption("linger"), -1);
    });

    host.it("reads libzmq's defaults from a new context", async ({ zmq, assert }) => {
      const context = new zmq.Context();
      assert.equal(context.ioThreads, 1);
      assert.equal(context.maxSockets, 1023);
      assert.equal(context.ipv6, false);
      assert.equal(context.blocky, true);
      assert.equal(context.maxMessageSize, 0x7fffffff);
    });
  });
}
