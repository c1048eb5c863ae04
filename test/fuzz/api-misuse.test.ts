// API misuse from user code in Node: wrong types everywhere, calls after
// close, concurrent operations, closing mid-operation, bad endpoints. Each
// must give a ZmqError (a code and a readable message) or, for a wrong argument type, zeromq.js's TypeError; never crash the wasm
// runtime and never hang. test/errors.test.ts and test/options.test.ts cover
// the first cases of each kind; this file goes through the rest.
import assert from "node:assert/strict";
import * as net from "node:net";
import { describe, it } from "node:test";
import { Context, Dealer, Pair, Publisher, Pull, Push, Reply, Request, Router, Subscriber, type ZmqError } from "../../dist/index.js";
import { socketOptions, type OptionSpec } from "../../dist/options.js";
import { fixtures } from "../support/fixtures.ts";
import { bindAny, within } from "../support/util.ts";

const { sockets } = fixtures();
const HANG_MS = 10_000;

/** A ZmqError with this code and a message that says something. */
function zmqError(code: string, message?: RegExp) {
  return (error: unknown) => {
    const e = error as ZmqError;
    assert.ok(e instanceof Error, `not an Error: ${String(error)}`);
    assert.equal(e.code, code, `code of "${e.message}"`);
    assert.ok(typeof e.message === "string" && e.message.length > 10, `unclear message: ${JSON.stringify(e.message)}`);
    assert.doesNotMatch(e.message, /Aborted|RuntimeError|\[object Object\]/, "message leaks internals");
    if (message) assert.match(e.message, message);
    return true;
  };
}

/** A TypeError with zeromq.js's message, as it reports a wrong argument type. */
function typeError(message: string | RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof TypeError, `not a TypeError: ${String(error)}`);
    if (typeof message === "string") assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  };
}

/** Calls fn; it must throw or reject (not both, not neither) with an error the check accepts. */
async function failsWith(fn: () => unknown, check: (error: unknown) => boolean, what: string): Promise<void> {
  let result: unknown;
  try {
    result = fn();
  } catch (error) {
    check(error);
    return;
  }
  assert.ok(result instanceof Promise, `expected ${what}, got ${String(result)}`);
  await within(
    (result as Promise<unknown>).then(
      () => assert.fail(`expected ${what}, resolved`),
      (error: unknown) => void check(error),
    ),
    HANG_MS,
    `${what} in time`,
  );
}

/** Calls fn; it must throw or reject (not both, not neither) with that error. */
async function fails(fn: () => unknown, code: string, message?: RegExp): Promise<void> {
  await failsWith(fn, zmqError(code, message), code);
}

/** The runtime still works: an inproc round trip on fresh sockets. */
async function stillWorks(): Promise<void> {
  const name = `inproc://alive-${Math.random()}`;
  const rep = sockets.add(new Reply());
  await rep.bind(name);
  const req = sockets.add(new Request());
  req.connect(name);
  await req.send("alive?");
  await within(rep.receive(), HANG_MS, "still works: request");
  await rep.send("yes");
  const [answer] = await within(req.receive(), HANG_MS, "still works: reply");
  assert.equal(answer.toString(), "yes");
}

const BAD_VALUES: unknown[] = [undefined, null, 42, -1, NaN, Infinity, true, {}, [], Symbol("s"), () => 1, 10n, new Date(0), { toString: () => "tcp://127.0.0.1:1" }];
const show = (value: unknown) => (typeof value === "symbol" ? value.toString() : typeof value === "bigint" ? `${value}n` : typeof value === "function" ? "function" : JSON.stringify(value) ?? String(value));

describe("API misuse (Node)", () => {
  it("refuses non-string endpoints in bind, unbind, connect and disconnect (a TypeError, as zeromq.js)", async () => {
    const router = sockets.add(new Router());
    const check = typeError("Address must be a string");
    for (const value of BAD_VALUES) {
      await failsWith(() => router.bind(value as string), check, "TypeError");
      await failsWith(() => router.unbind(value as string), check, "TypeError");
      await failsWith(() => router.connect(value as string), check, "TypeError");
      await failsWith(() => router.disconnect(value as string), check, "TypeError");
    }
    await stillWorks();
  });

  it("refuses garbage endpoints with EINVAL or EPROTONOSUPPORT, naming the address", async () => {
    const dealer = sockets.add(new Dealer());
    const cases: Array<[string, string[]]> = [
      ["", ["EINVAL"]],
      ["tcp://", ["EINVAL"]],
      ["tcp://:", ["EINVAL"]],
      ["tcp://127.0.0.1:", ["EINVAL"]],
      ["tcp://127.0.0.1:99999", ["EINVAL"]],
      ["tcp://127.0.0.1:-1", ["EINVAL"]],
      ["tcp://[::1", ["EINVAL", "accepted"]], // libzmq resolves it later, and fails then
      ["tcp://a b:1", ["EINVAL", "EHOSTUNREACH", "accepted"]], // names resolve later
      ["tcp://" + "a".repeat(100_000) + ":1", ["EINVAL", "EHOSTUNREACH", "accepted"]],
      ["inproc://", ["EINVAL"]],
      ["ipc:///tmp/zws-fuzz", ["EPROTONOSUPPORT"]],
      ["ws://127.0.0.1:1", ["EPROTONOSUPPORT"]],
      ["udp://127.0.0.1:1", ["EPROTONOSUPPORT", "ENOCOMPATPROTO"]],
      ["pgm://eth0;239.1.1.1:5555", ["EPROTONOSUPPORT"]],
      ["://x", ["EPROTONOSUPPORT", "EINVAL"]],
      ["tcp:/127.0.0.1:1", ["EINVAL", "EPROTONOSUPPORT"]],
      ["tcp://127.0.0.1:1\0inproc://x", ["EINVAL"]],
      ["inproc://a\0b", ["EINVAL"]],
      ["\u{1F4A9}://x", ["EPROTONOSUPPORT", "EINVAL"]],
    ];
    for (const [address, codes] of cases) {
      let caught: ZmqError | undefined;
      try {
        dealer.connect(address);
      } catch (error) {
        caught = error as ZmqError;
      }
      if (!caught && codes.includes("accepted")) continue;
      assert.ok(caught, `connect(${JSON.stringify(address.slice(0, 40))}) was accepted`);
      assert.ok(codes.includes(caught.code), `connect(${JSON.stringify(address.slice(0, 40))}): ${caught.code} ${caught.message.slice(0, 100)}`);
      zmqError(caught.code)(caught);
      if (address.length < 100 && caught.code !== "EINVAL") assert.equal(caught.address, address);
    }
    // Binding the same garbage fails the same way, asynchronously.
    for (const address of ["tcp://127.0.0.1:99999", "tcp://nonsense", "inproc://", "ipc:///tmp/zws-fuzz", "inproc://a\0b"]) {
      await assert.rejects(dealer.bind(address), (error: ZmqError) => ["EINVAL", "EPROTONOSUPPORT", "ENODEV"].includes(error.code), address);
    }
    await stillWorks();
  });

  it("takes IPv6 zone ids without aborting (emscripten's own if_nametoindex aborts; the shim knows \"lo\")", async () => {
    // As native libzmq (pyzmq) answers: "lo" exists but fe80::1 is not on it; "eth9" does not exist.
    for (const [zone, code] of [["lo", "EADDRNOTAVAIL"], ["eth9", "EINVAL"]]) {
      const dealer = sockets.add(new Dealer({ ipv6: true, linger: 0 }));
      dealer.connect(`tcp://[fe80::1%${zone}]:1`); // resolved on libzmq's I/O thread
      await assert.rejects(dealer.bind(`tcp://[fe80::1%${zone}]:*`), zmqError(code));
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // the I/O thread's connect attempts
    await stillWorks();
  });

  it("reports EADDRINUSE for a port held by a plain Node server", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const rep = sockets.add(new Reply());
      await fails(() => rep.bind(`tcp://127.0.0.1:${port}`), "EADDRINUSE");
      // and the socket binds elsewhere afterwards
      await bindAny(rep);
    } finally {
      server.close();
    }
  });

  it("refuses wrong option value types of every kind, for every option, with a TypeError", async () => {
    const numbers = ["1", null, undefined, true, {}, 10n, [1]];
    const probes: Record<string, unknown[]> = {
      int32: numbers,
      uint32: numbers,
      int64: numbers,
      uint64: numbers,
      bool: [1, 0, "true", null, undefined, {}],
      string: [42, true, {}, [], 10n, new ArrayBuffer(1)],
      key: [42, true, {}, [], 10n],
      verbosity: [true, 1, "all", undefined],
    };
    let checked = 0;
    for (const [name, spec] of Object.entries(socketOptions) as Array<[string, OptionSpec]>) {
      if (spec.readOnly) continue;
      const socket = sockets.add(spec.on ? new (spec.on.includes(6) ? Router : spec.on.includes(9) ? Publisher : Pull)() : new Dealer());
      // (spec.on lists socket type ids: 6 Router; an XPUB-only option is no
      // property of a Publisher, and assigning it is also a TypeError.)
      for (const value of probes[spec.kind]) {
        assert.throws(() => ((socket as unknown as Record<string, unknown>)[name] = value), TypeError, `${name} = ${show(value)}`);
        checked++;
      }
    }
    assert.ok(checked > 300);
    await stillWorks();
  });

  it("passes values libzmq refuses back as a clear EINVAL", () => {
    const dealer = sockets.add(new Dealer());
    for (const [name, value] of [
      ["linger", -2],
      ["sendHighWaterMark", -1],
      ["receiveHighWaterMark", -5],
      ["reconnectInterval", -2],
      ["backlog", -7],
      ["curveSecretKey", "too short"],
      ["curvePublicKey", new Uint8Array(31)],
      ["curveServerKey", "z".repeat(41)],
      ["routingId", ""],
      ["routingId", "x".repeat(256)],
    ] as const) {
      assert.throws(
        () => ((dealer as unknown as Record<string, unknown>)[name] = value),
        (error: ZmqError) => zmqError("EINVAL", /^Invalid argument$/)(error) && error.operation === `set option "${name}"`,
        `${name} = ${show(value)}`,
      );
    }
    // The socket is untouched by the refusals.
    assert.equal(dealer.linger, -1);
  });

  it("reads unknown option names as undefined and refuses to set them", () => {
    const dealer = sockets.add(new Dealer());
    const bag = dealer as unknown as Record<string, unknown>;
    assert.equal(bag.notAnOption, undefined);
    // The socket is sealed and the options are assigned (as in zeromq.js):
    // a name that is no option property is a TypeError ("__proto__" only
    // sets the prototype, which ignores a number).
    for (const name of ["bogus", "constructor", "toString", "hasOwnProperty"]) {
      assert.throws(() => new Dealer({ [name]: 1 } as never), typeError(`Cannot add property ${name}, object is not extensible`), name);
    }
    sockets.add(new Dealer({ ["__proto__"]: 1 } as never));
    assert.throws(() => new Dealer(null as never), typeError("Options must be an object"));
    assert.throws(() => new Dealer(42 as never), typeError("Options must be an object"));
    assert.throws(() => new Context({ bogus: 1 } as never), typeError("Cannot add property bogus, object is not extensible"));
    assert.throws(() => new Context({ ioThreads: "1" } as never), typeError("Option value must be a number"));
    assert.throws(() => new Context({ ioThreads: -1 }), (error: ZmqError) => zmqError("EINVAL")(error) && error.operation === 'set option "ioThreads"');
    assert.throws(() => new Context({ ipv6: 1 } as never), typeError("Option value must be a boolean"));
  });

  it("sends what is not bytes as its text, as zeromq.js; refuses a missing message and a Symbol", async () => {
    const a = sockets.add(new Pair());
    const b = sockets.add(new Pair());
    await a.bind("inproc://as-text");
    b.connect("inproc://as-text");
    for (const value of [42, NaN, true, {}, () => 1, 10n, new Date(0), [[1]], new Map()]) {
      await a.send(value as never);
      await a.send(["ok", value, undefined] as never);
      assert.deepEqual((await b.receive()).map(String), [String(value)]);
      assert.deepEqual((await b.receive()).map(String), ["ok", String(value), "undefined"]);
    }
    await failsWith(() => a.send(undefined as never), typeError("Message must be present"), "TypeError");
    await failsWith(() => a.send(Symbol("s") as never), typeError(/Cannot convert a Symbol value to a string/), "TypeError");
    const sub = sockets.add(new Subscriber());
    for (const value of [42, {}, true, undefined]) {
      await failsWith(() => sub.subscribe(value as never), typeError("Option value must be a string or buffer"), "TypeError");
      await failsWith(() => sub.unsubscribe("ok", value as never), typeError("Option value must be a string or buffer"), "TypeError");
    }
    sub.subscribe(null as never); // as zeromq.js: (NULL, 0), everything
    await stillWorks();
  });

  it("gives EBADF for every call on a closed socket, and ends a for-await at once", async () => {
    const sub = sockets.add(new Subscriber());
    const pair = sockets.add(new Pair());
    sub.close();
    pair.close();
    await fails(() => pair.send("x"), "EBADF", /Socket is closed/);
    await fails(() => pair.receive(), "EBADF", /Socket is closed/);
    await fails(() => pair.bind("inproc://closed"), "EBADF");
    await fails(() => pair.unbind("inproc://closed"), "EBADF");
    await fails(() => pair.connect("inproc://closed"), "EBADF");
    await fails(() => pair.disconnect("inproc://closed"), "EBADF");
    // Options (and subscriptions, which are options) answer as libzmq does
    // for a closed socket, as in zeromq.js.
    await fails(() => sub.subscribe("x"), "ENOTSOCK");
    await fails(() => sub.unsubscribe(), "ENOTSOCK");
    await fails(() => pair.sendHighWaterMark, "ENOTSOCK");
    await fails(() => (pair.linger = 0), "ENOTSOCK");
    assert.throws(() => ((pair as unknown as { routingId: string }).routingId = "x"), TypeError); // not a Pair option: no such property
    assert.equal(pair.readable, false);
    assert.equal(pair.writable, false);
    let count = 0;
    for await (const _ of pair) count++;
    assert.equal(count, 0);
    pair.close();
    pair.close();
  });

  it("gives EBUSY to a second concurrent send, and EAGAIN to sends pending at close", async () => {
    // No peer: a Push has nowhere to deliver, so send() waits.
    const push = sockets.add(new Push({ sendTimeout: -1 }));
    const first = push.send("waiting");
    await fails(() => push.send("second"), "EBUSY", /busy writing/);
    push.close();
    await assert.rejects(within(first, HANG_MS, "pending send at close"), (error: ZmqError) => zmqError("EAGAIN")(error) && error.hint === "the socket was closed");
    // And a pending receive at close, on a socket made in the same tick.
    const pull = sockets.add(new Pull());
    const pending = pull.receive();
    pull.close();
    await assert.rejects(within(pending, HANG_MS, "pending receive at close"), (error: ZmqError) => zmqError("EAGAIN")(error) && error.hint === "the socket was closed");
    await stillWorks();
  });

  it("times out a send with EAGAIN per sendTimeout, and stays usable", async () => {
    const push = sockets.add(new Push({ sendTimeout: 20 }));
    await assert.rejects(within(push.send("nobody"), HANG_MS, "send timeout"), zmqError("EAGAIN", /timed out/));
    const pull = sockets.add(new Pull());
    push.connect(await bindAny(pull));
    push.sendTimeout = -1;
    await push.send("somebody");
    assert.equal((await within(pull.receive(), HANG_MS, "after timeout"))[0].toString(), "somebody");
  });

  it("closes while a bind is running: the bind settles, nothing hangs", async () => {
    const rep = sockets.add(new Reply());
    const binding = rep.bind("tcp://127.0.0.1:*");
    rep.close();
    await within(binding.then(() => "bound", (error: ZmqError) => error.code), HANG_MS, "bind during close");
    await within(
      (async () => {
        while (!rep.closed) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      HANG_MS,
      "close after the bind",
    );
    await fails(() => rep.send("x"), "EBADF");
  });

  it("refuses a message larger than wasm memory with ENOMEM, and keeps working", async () => {
    // Regression: a failed scratch allocation left a null pointer in use, so
    // the next call wrote at address 0 and libzmq aborted the runtime.
    const push = sockets.add(new Push());
    const pull = sockets.add(new Pull());
    await pull.bind("inproc://huge");
    push.connect("inproc://huge");
    await failsWith(() => push.send(Buffer.allocUnsafe(2 ** 31)), (error) => zmqError("ENOMEM", /^Cannot allocate memory$/)(error) && /out of wasm memory/.test((error as ZmqError).hint ?? ""), "ENOMEM");
    push.connect("inproc://huge-2"); // an endpoint string after the failure
    push.linger = 0; // an option value after the failure
    await push.send("small after huge");
    assert.equal((await within(pull.receive(), HANG_MS, "after ENOMEM"))[0].toString(), "small after huge");
    await stillWorks();
  });

  it("uses the wrong socket for the job: clear errors, no hang", async () => {
    const req = sockets.add(new Request());
    req.receiveTimeout = 0; // else it waits for a reply, as in zeromq.js
    await fails(() => req.receive(), "EFSM");
    const router = sockets.add(new Router({ mandatory: true, sendTimeout: 0 }));
    await failsWith(() => router.send(["nobody", "x"]), (error) => zmqError("EHOSTUNREACH", /^Host unreachable$/)(error) && /no peer with that routing id/.test((error as ZmqError).hint ?? ""), "EHOSTUNREACH");
    // A single frame is all routing id and no message: libzmq drops it
    // silently, even with mandatory (it checks only when more follows).
    await within(router.send("no routing id frame"), HANG_MS, "single frame to a Router");
    const pub = sockets.add(new Publisher()) as unknown as { receive?: unknown };
    assert.equal(pub.receive, undefined);
    await stillWorks();
  });
});
