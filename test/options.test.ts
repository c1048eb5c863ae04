import { describe } from "node:test";
import { socketOptions } from "../dist/options.js";
import { testHosts } from "./support/hosts.ts";

for (const host of testHosts("node", "page")) {
  describe(`socket options (${host.name})`, () => {
    host.it("round-trips every readable, writable option of the table through libzmq", async ({ zmq, sockets, assert }, { table }) => {
      const samples = { int32: 1234, uint32: 1234, int64: 4096, uint64: 4096, bool: true } as const;
      // Readable in zeromq.js, but libzmq answers EINVAL (no VMCI; a
      // Router's mandatory is not readable).
      const unreadable = ["mandatory", "vmciBufferSize", "vmciBufferMinSize", "vmciBufferMaxSize", "vmciConnectTimeout"];
      const checked: string[] = [];
      for (const [name, spec] of Object.entries(table)) {
        const s = spec as { kind: string; readOnly?: boolean; writeOnly?: boolean; on?: readonly number[] };
        if (s.readOnly || s.writeOnly || !(s.kind in samples) || unreadable.includes(name)) continue;
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
      assert.equal(await dealer.readOption("securityMechanism"), "curve");
      assert.equal(dealer.securityMechanism, "curve");
    });

    host.it("rejects bad values with zeromq.js's errors and leaves the socket usable", async ({ zmq, sockets, failsLater, assert }) => {
      const req = sockets.add(new zmq.Request());
      const loose = req as unknown as Record<string, unknown>;
      // Assigning to a sealed object or a getter throws only in strict code
      // (in sloppy code it is ignored, as in zeromq.js), and strictness is
      // lexical: the assignment itself is in strict code.
      assert.throws(() => (loose.linger = "long"), { name: "TypeError", message: "Option value must be a number" });
      assert.throws(() => (loose.immediate = 1), { name: "TypeError", message: "Option value must be a boolean" });
      assert.throws(() => (loose.routingId = 5), { name: "TypeError", message: "Option value must be a string or buffer" });
      assert.throws(
        () => {
          "use strict";
          loose.type = 3;
        },
        { name: "TypeError", message: /only a getter/ },
      );
      assert.throws(
        () => {
          "use strict";
          loose.doesNotExist = 1;
        },
        { name: "TypeError", message: /not extensible/ },
      );
      assert.throws(() => new zmq.Request({ bogus: 1 } as never), { name: "TypeError", message: /Cannot add property bogus/ });
      assert.throws(() => new zmq.Request({ type: 1 } as never), { name: "TypeError", message: /only a getter/ });
      // What only libzmq knows: at once in Node, on the next call on a page.
      await failsLater(req, () => (req.sendHighWaterMark = -1), { code: "EINVAL", errno: 22, message: "Invalid argument", operation: 'set option "sendHighWaterMark"' });
      await failsLater(req, () => (req.curveServerKey = "too short"), { code: "EINVAL" });
      req.linger = 5;
      assert.equal(req.linger, 5);
      assert.equal(await req.readOption("linger"), 5);
    });

    host.it("has an option only on the socket types that have it, as zeromq.js", async ({ zmq, sockets, assert }) => {
      const pub = sockets.add(new zmq.Publisher());
      const loose = pub as unknown as Record<string, unknown>;
      assert.equal(loose.mandatory, undefined);
      assert.throws(
        () => {
          "use strict";
          loose.mandatory = true;
        },
        { name: "TypeError", message: /Cannot add property mandatory/ },
      );
      const xpub = sockets.add(new zmq.XPublisher());
      xpub.verbosity = "allSubs"; // write-only: accepted, reads back undefined
      xpub.verbosity = "allSubsUnsubs";
      xpub.verbosity = null;
      assert.equal(xpub.verbosity, undefined);
      assert.throws(() => ((xpub as unknown as Record<string, unknown>).verbosity = true), { name: "TypeError" });
    });

    host.it("converts numbers and takes bytes for strings as zeromq.js, and reads securityMechanism as a name", async ({ zmq, sockets, assert }) => {
      const dealer = sockets.add(new zmq.Dealer());
      dealer.linger = 1.7; // truncated, as C++ casts it
      assert.equal(dealer.linger, 1);
      assert.equal(await dealer.readOption("linger"), 1);
      dealer.typeOfService = 2 ** 32 + 4; // unsigned 32 bits wrap
      assert.equal(await dealer.readOption("typeOfService"), 4);
      dealer.maxMessageSize = 2 ** 64; // saturates
      assert.equal(await dealer.readOption("maxMessageSize"), 2 ** 63);
      (dealer as unknown as { routingId: Uint8Array }).routingId = new TextEncoder().encode("bytes");
      assert.equal(await dealer.readOption("routingId"), "bytes");
      assert.equal(await dealer.readOption("securityMechanism"), null);
      dealer.plainServer = true;
      assert.equal(await dealer.readOption("securityMechanism"), "plain");
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
      assert.throws(() => new zmq.Context({ ioThreads: "two" } as never), { name: "TypeError", message: "Option value must be a number" });
      assert.throws(() => new zmq.Context({ bogus: 1 } as never), { name: "TypeError", message: /Cannot add property bogus/ });
      assert.throws(() => (context.ipv6 = 1 as never), { name: "TypeError", message: "Option value must be a boolean" });
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
      assert.equal(context.maxSocketsLimit, 65535);
    });

    host.it("takes threadPriority and threadSchedulingPolicy as zeromq.js (write-only) without giving them to wasm's threads", async ({ zmq, sockets, assert }) => {
      const context = new zmq.Context({ threadPriority: 10, threadSchedulingPolicy: 1 });
      assert.equal(context.threadPriority, undefined);
      assert.throws(() => (context.threadPriority = -1), { code: "EINVAL", message: "Invalid argument" });
      assert.throws(() => (context.threadSchedulingPolicy = "fifo" as never), { name: "TypeError" });
      assert.throws(
        () => {
          "use strict";
          (context as { maxSocketsLimit: number }).maxSocketsLimit = 1;
        },
        { name: "TypeError", message: /only a getter/ },
      );
      // libzmq's I/O thread starts (with these, libzmq's own attempt aborted it).
      const pull = sockets.add(new zmq.Pull({ context }));
      const push = sockets.add(new zmq.Push({ context }));
      await pull.bind("inproc://prioritised");
      push.connect("inproc://prioritised");
      await push.send("ok");
      assert.equal((await pull.receive())[0].toString(), "ok");
    });
  });
}
