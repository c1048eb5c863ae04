/**
 * Argument checking as zeromq.js does it (issue 14, item 5): wrong types
 * are TypeErrors with zeromq.js's texts, sockets and contexts are sealed,
 * options are properties of the socket types that have them, values
 * convert as zeromq.js converts them. Each program runs unchanged against
 * the native addon and zeromq-wasm.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe } from "node:test";
import { fileURLToPath } from "node:url";
import { libraries } from "./libraries.ts";

/** A TypeError with exactly this message (or matching it). */
const typeError = (message: string | RegExp) => (error: unknown) => {
  assert.ok(error instanceof TypeError, `not a TypeError: ${String(error)}`);
  if (typeof message === "string") assert.equal(error.message, message);
  else assert.match(error.message, message);
  return true;
};

const root = fileURLToPath(new URL("../..", import.meta.url));
let unique = 0;
const inproc = () => `inproc://compat-arguments-${++unique}`;

for (const lib of libraries()) {
  describe(`arguments (${lib.name})`, () => {
    lib.it("checks constructor arguments with TypeErrors", async (zmq) => {
      const AnySocket = zmq.Socket as unknown as new (...args: unknown[]) => { close(): void };
      assert.throws(() => new AnySocket(), typeError("Socket type must be a number"));
      assert.throws(() => new AnySocket("pair"), typeError("Socket type must be a number"));
      assert.throws(() => new AnySocket(0, 1), typeError("Options must be an object"));
      assert.throws(() => new AnySocket(0, {}, 1), typeError("Expected 2 arguments but received 3"));
      assert.throws(() => new zmq.Dealer(null as never), typeError("Options must be an object"));
      // A socket type libzmq does not know: libzmq's EINVAL.
      assert.throws(() => new AnySocket(99), { code: "EINVAL", errno: 22, message: "Invalid argument" });

      const AnyContext = zmq.Context as unknown as new (...args: unknown[]) => unknown;
      assert.throws(() => new AnyContext(1), typeError("Options must be an object"));
      assert.throws(() => new AnyContext({}, 2), typeError("Expected 1 argument but received 2"));

      const pull = new zmq.Pull();
      const push = new zmq.Push();
      try {
        const AnyProxy = zmq.Proxy as unknown as new (...args: unknown[]) => unknown;
        assert.throws(() => new AnyProxy(), typeError("Front-end must be a socket object"));
        assert.throws(() => new AnyProxy(pull), typeError("Back-end must be a socket object"));
        assert.throws(() => new AnyProxy(1, push), typeError("Front-end must be a socket object"));
        assert.throws(() => new AnyProxy(pull, push, pull), typeError("Expected 2 arguments but received 3"));
      } finally {
        pull.close();
        push.close();
      }
    });

    lib.it("refuses unknown, foreign, read-only and mistyped constructor options with TypeErrors", async (_zmq, name) => {
      // In a child process: the native addon crashes at exit (SIGSEGV) once
      // a socket or context constructor has thrown after making its object.
      const program = `
        const zmq = await import(process.env.LIB);
        const made = [
          ...[{ bogus: 1 }, { type: 1 }, { mandatory: true }, { linger: "0" }].map((options) => () => new zmq.Dealer(options)),
          ...[{ bogus: 1 }, { maxSocketsLimit: 1 }, { ioThreads: "1" }, { ipv6: 1 }, { ioThreads: -1 }].map((options) => () => new zmq.Context(options)),
        ];
        for (const make of made) {
          try { make(); console.log("no error"); }
          catch (error) { console.log([error.constructor.name + ": " + error.message.replace(/#<\\w+>/, "#<...>"), error.code, error.errno].filter(Boolean).join(" ")); }
        }`;
      const result = spawnSync(process.execPath, ["--input-type=module", "-e", program], { cwd: root, env: { ...process.env, LIB: name }, encoding: "utf8" });
      assert.deepEqual(result.stdout.trim().split("\n"), [
        "TypeError: Cannot add property bogus, object is not extensible",
        "TypeError: Cannot set property type of #<...> which has only a getter",
        "TypeError: Cannot add property mandatory, object is not extensible",
        "TypeError: Option value must be a number",
        "TypeError: Cannot add property bogus, object is not extensible",
        "TypeError: Cannot set property maxSocketsLimit of #<...> which has only a getter",
        "TypeError: Option value must be a number",
        "TypeError: Option value must be a boolean",
        "Error: Invalid argument EINVAL 22",
      ], result.stderr);
    });

    lib.it("seals sockets and contexts: a misspelt option throws in strict code", async (zmq) => {
      const socket = new zmq.Dealer();
      const context = new zmq.Context();
      try {
        assert.ok(Object.isSealed(socket));
        assert.ok(Object.isSealed(context));
        assert.deepEqual(Object.keys(socket), []);
        const loose = socket as unknown as Record<string, unknown>;
        assert.throws(() => (loose.doesNotExist = 1), typeError("Cannot add property doesNotExist, object is not extensible"));
        assert.throws(() => ((context as unknown as Record<string, unknown>).doesNotExist = 1), typeError(/not extensible/));
        // An option of another socket type is no property of this one.
        assert.equal(loose.mandatory, undefined);
        assert.throws(() => (loose.mandatory = true), typeError(/Cannot add property mandatory/));
        // Read-only: no setter; write-only: no getter.
        assert.throws(() => (loose.type = 1), typeError(/only a getter/));
        assert.equal(loose.probeRouter, undefined);
        socket.probeRouter = true;
        assert.equal(loose.probeRouter, undefined);
      } finally {
        socket.close();
      }
    });

    lib.it("checks option value types with zeromq.js's TypeErrors, and converts numbers as it does", async (zmq) => {
      const socket = new zmq.Dealer();
      const loose = socket as unknown as Record<string, unknown>;
      try {
        assert.throws(() => (loose.linger = "1"), typeError("Option value must be a number"));
        assert.throws(() => (loose.immediate = 1), typeError("Option value must be a boolean"));
        assert.throws(() => (loose.routingId = 5), typeError("Option value must be a string or buffer"));
        assert.throws(() => (socket.linger = -5), { code: "EINVAL", errno: 22, message: "Invalid argument" });
        socket.linger = 1.7;
        assert.equal(socket.linger, 1);
        socket.linger = 2 ** 32 + 3; // int: the low 32 bits
        assert.equal(socket.linger, 3);
        socket.typeOfService = 2 ** 32 + 4; // unsigned int: the low 32 bits
        assert.equal(socket.typeOfService, 4);
        socket.maxMessageSize = 2 ** 64; // int64: saturates
        assert.equal(socket.maxMessageSize, 2 ** 63);
        socket.affinity = -1; // uint64: negative is 0
        assert.equal(socket.affinity, 0);
      } finally {
        socket.close();
      }
    });

    lib.it("takes a Buffer or Uint8Array for a string option, and reads it back as a string", async (zmq) => {
      const socket = new zmq.Dealer({ routingId: Buffer.from("from-buffer") as never });
      try {
        assert.equal(socket.routingId, "from-buffer");
        (socket as unknown as { zapDomain: Uint8Array }).zapDomain = new TextEncoder().encode("domain");
        assert.equal(socket.zapDomain, "domain");
        socket.socksProxy = null;
        assert.equal(socket.socksProxy, null);
      } finally {
        socket.close();
      }
    });

    lib.it("reads securityMechanism as null, \"plain\" or \"curve\"", async (zmq) => {
      const { publicKey, secretKey } = zmq.curveKeyPair();
      const none = new zmq.Dealer();
      const plain = new zmq.Dealer({ plainServer: true });
      const curve = new zmq.Dealer({ curveServer: true, curveSecretKey: secretKey, curvePublicKey: publicKey });
      try {
        assert.equal(none.securityMechanism, null);
        assert.equal(plain.securityMechanism, "plain");
        assert.equal(curve.securityMechanism, "curve");
      } finally {
        for (const socket of [none, plain, curve]) socket.close();
      }
    });

    lib.it("sets XPublisher verbosity with null, \"allSubs\" or \"allSubsUnsubs\" (write-only)", async (zmq) => {
      const xpub = new zmq.XPublisher({ verbosity: "allSubs" });
      const sub = new zmq.Subscriber();
      try {
        const address = inproc();
        await xpub.bind(address);
        sub.connect(address);
        sub.subscribe("a");
        const [first] = await xpub.receive();
        assert.deepEqual([...first], [1, 97]);
        xpub.verbosity = "allSubsUnsubs";
        xpub.verbosity = null;
        assert.equal((xpub as unknown as { verbosity: unknown }).verbosity, undefined);
      } finally {
        xpub.close();
        sub.close();
      }
    });

    lib.it("checks endpoints and messages with TypeErrors, and sends numbers and booleans as text", async (zmq) => {
      const a = new zmq.Pair();
      const b = new zmq.Pair();
      try {
        assert.throws(() => a.bind(1 as never), typeError("Address must be a string"));
        assert.throws(() => a.connect(undefined as never), typeError("Address must be a string"));
        assert.throws(() => (a.bind as (...args: unknown[]) => unknown)("inproc://x", 1), typeError("Expected 1 argument but received 2"));
        assert.throws(() => (a.close as (...args: unknown[]) => unknown)(1), typeError("Expected 0 arguments but received 1"));
        assert.throws(() => (a.receive as (...args: unknown[]) => unknown)(1), typeError("Expected 0 arguments but received 1"));
        assert.throws(() => a.send(undefined as never), typeError("Message must be present"));
        const address = inproc();
        await a.bind(address);
        b.connect(address);
        await a.send(42);
        await a.send([true, -1.5, null, "x"] as never);
        assert.deepEqual((await b.receive()).map(String), ["42"]);
        assert.deepEqual((await b.receive()).map(String), ["true", "-1.5", "", "x"]);
      } finally {
        a.close();
        b.close();
      }
    });

    lib.it("has the Context options zeromq.js declares: maxSocketsLimit read-only, thread options write-only", async (zmq) => {
      const context = new zmq.Context({ threadPriority: 1, threadSchedulingPolicy: 0 });
      assert.equal(typeof context.maxSocketsLimit, "number");
      assert.ok(context.maxSocketsLimit >= 1023);
      assert.equal((context as unknown as { threadPriority: unknown }).threadPriority, undefined);
      assert.equal((context as unknown as { threadSchedulingPolicy: unknown }).threadSchedulingPolicy, undefined);
      assert.throws(() => (context.threadPriority = "high" as never), typeError("Option value must be a number"));
      assert.throws(() => ((context as { maxSocketsLimit: number }).maxSocketsLimit = 1), typeError(/only a getter/));
      context.ioThreads = 1.9; // int: truncated
      assert.equal(context.ioThreads, 1);
      assert.equal(context.ipv6, false);
      assert.equal(context.maxMessageSize, 0x7fffffff);
    });
  });
}
