/**
 * socket.events, zeromq.js's Observer, as zeromq.js programs use it
 * (issue 14, item 1): the events libzmq's monitor reports, with their
 * fields, read by for-await, receive() and on().
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { describe } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Event, EventOfType, EventType, Observer } from "zeromq";
import { libraries } from "./libraries.ts";

/** Collects an observer's events by for-await until it ends. */
function collect(events: Observer): { seen: Event[]; done: Promise<void>; when(type: EventType): Promise<Event> } {
  const seen: Event[] = [];
  const waiting: Array<[EventType, (event: Event) => void]> = [];
  const done = (async () => {
    for await (const event of events) {
      seen.push(event);
      for (const [type, resolve] of waiting) if (type === event.type) resolve(event);
    }
  })();
  return {
    seen,
    done,
    when: (type) => {
      const earlier = seen.find((event) => event.type === type);
      return earlier ? Promise.resolve(earlier) : new Promise((resolve) => waiting.push([type, resolve]));
    },
  };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const root = fileURLToPath(new URL("../..", import.meta.url));

for (const lib of libraries()) {
  describe(`socket.events (${lib.name})`, () => {
    lib.it("gives one Observer per socket, and reports a tcp connection from bind to end with for-await", async (zmq) => {
      const server = new zmq.Pair();
      const client = new zmq.Pair();
      assert.ok(server.events instanceof zmq.Observer);
      assert.equal(server.events, server.events);
      const serverEvents = collect(server.events);
      const clientEvents = collect(client.events);
      await server.bind("tcp://127.0.0.1:*");
      const address = server.lastEndpoint!;
      client.connect(address);
      await client.send("hello");
      await server.receive();
      await serverEvents.when("handshake");
      await clientEvents.when("handshake");
      client.close();
      await clientEvents.done;
      await serverEvents.when("disconnect");
      server.close();
      await serverEvents.done;

      assert.deepEqual(
        clientEvents.seen.map((event) => event.type),
        ["connect:delay", "connect", "handshake", "end"],
      );
      assert.deepEqual(
        serverEvents.seen.map((event) => event.type),
        ["bind", "accept", "handshake", "disconnect", "close", "end"],
      );
      for (const event of [...clientEvents.seen, ...serverEvents.seen]) {
        if (event.type === "end") assert.deepEqual(event, { type: "end" });
        else assert.equal("address" in event && event.address, address, event.type);
      }
    });

    lib.it("reports a failed tcp bind as bind:error with its error, through on()", async (zmq) => {
      const first = new zmq.Pair();
      await first.bind("tcp://127.0.0.1:*");
      const address = first.lastEndpoint!;
      const second = new zmq.Pair();
      const failed = new Promise<EventOfType<"bind:error">>((resolve) => second.events.on("bind:error", resolve));
      const closes: Array<EventOfType<"close">> = [];
      second.events.on("close", (event) => closes.push(event));
      await assert.rejects(second.bind(address), { code: "EADDRINUSE" });
      const event = await failed;
      assert.equal(event.address, address.replace("tcp://", ""));
      assert.ok(event.error instanceof Error);
      assert.equal(event.error.message, "Address already in use");
      assert.equal(event.error.code, "EADDRINUSE");
      // libzmq closes the listening socket it could not bind, unnamed.
      assert.deepEqual(closes, [{ type: "close" }]);
      first.close();
      second.close();
    });

    lib.it("reports connect:retry with the interval while nothing listens", async (zmq) => {
      const port = await closedPort();
      const push = new zmq.Push({ reconnectInterval: 10 });
      push.connect(`tcp://127.0.0.1:${port}`);
      let event: Event;
      do event = await push.events.receive();
      while (event.type !== "connect:retry");
      assert.equal(event.address, `tcp://127.0.0.1:${port}`);
      assert.equal(typeof event.interval, "number");
      push.close();
    });

    lib.it("reports a CURVE client the server does not know as handshake:error:auth (ZAP status 400)", async (zmq) => {
      // A ZAP handler that denies every client key.
      const zap = new zmq.Router();
      await zap.bind("inproc://zeromq.zap.01");
      void (async () => {
        for await (const [peer, empty, version, requestId] of zap) await zap.send([peer, empty, version, requestId, "400", "Unknown key", "", ""]);
      })();
      const server = zmq.curveKeyPair();
      const client = zmq.curveKeyPair();
      const rep = new zmq.Reply({ curveServer: true, curveSecretKey: server.secretKey, zapDomain: "test" });
      const req = new zmq.Request({ curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey });
      const denied = new Promise<EventOfType<"handshake:error:auth">>((resolve) => rep.events.on("handshake:error:auth", resolve));
      await rep.bind("tcp://127.0.0.1:*");
      req.connect(rep.lastEndpoint!);
      const event = await denied;
      assert.equal(event.address, rep.lastEndpoint);
      assert.equal(event.error.status, 400);
      assert.equal(event.error.message, "Authentication failure");
      req.close();
      rep.close();
      zap.close();
    });

    lib.it("reports a client with the wrong server key as a protocol error on the server", async (zmq) => {
      const server = zmq.curveKeyPair();
      const impostor = zmq.curveKeyPair();
      const client = zmq.curveKeyPair();
      const rep = new zmq.Reply({ curveServer: true, curveSecretKey: server.secretKey });
      const req = new zmq.Request({ curveServerKey: impostor.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey });
      await rep.bind("tcp://127.0.0.1:*");
      req.connect(rep.lastEndpoint!);
      let event: Event;
      do event = await rep.events.receive();
      while (event.type !== "handshake:error:protocol");
      assert.equal(event.error.code, "ERR_ZMTP_CRYPTOGRAPHIC");
      assert.equal(event.error.message, "ZMTP protocol error");
      let other: Event;
      do other = await req.events.receive();
      while (other.type !== "handshake:error:other");
      assert.equal(other.error.code, "EPIPE");
      req.close();
      rep.close();
    });

    lib.it("keeps receive() to one at a time, and to the observer's own mode", async (zmq) => {
      const pair = new zmq.Pair();
      const events = pair.events;
      const pending = events.receive();
      assert.throws(() => events.receive(), { code: "EBUSY", message: /Observer is busy reading/ });
      await pair.bind("tcp://127.0.0.1:*");
      assert.equal((await pending).type, "bind");

      const other = new zmq.Pair();
      const listener = () => {};
      other.events.on("bind", listener).off("bind", listener);
      assert.throws(() => other.events.receive(), { message: /Observer is in event emitter mode/ });
      other.close();
      pair.close();
    });

    lib.it("closes: receive() then throws EBADF, iteration yields nothing, and the socket's close gives end", async (zmq) => {
      const pair = new zmq.Pair();
      const events = pair.events;
      events.close();
      assert.equal(events.closed, true);
      assert.throws(() => events.receive(), { code: "EBADF", message: "Socket is closed" });
      for await (const event of events) assert.fail(`an event after close(): ${event.type}`);
      events.close();

      const other = new zmq.Pair();
      const otherEvents = other.events;
      other.close();
      assert.throws(() => other.events, { code: "ENOTSOCK" });
      assert.deepEqual(await otherEvents.receive(), { type: "end" });
      assert.equal(otherEvents.closed, true);
      pair.close();
    });

    lib.it("keeps the process alive while on() listens, until the socket closes", async (_zmq, name) => {
      // The unref'd timer prints only if something else keeps the process
      // alive that long: 10 s without a listener, so a slow machine's exit is
      // not taken for a process kept alive.
      const program = (observe: string, aliveAfterMs: number) => `
        const zmq = await import(${JSON.stringify(name)});
        const socket = new zmq.Pair();
        ${observe}
        await socket.bind("tcp://127.0.0.1:*");
        setTimeout(() => { console.log("alive"); socket.close(); }, ${aliveAfterMs}).unref();`;
      const run = async (observe: string, aliveAfterMs: number) =>
        (await promisify(execFile)(process.execPath, ["--input-type=module", "-e", program(observe, aliveAfterMs)], { cwd: root, timeout: 30000 })).stdout;
      assert.equal(await run(`socket.events.on("bind", () => {});`, 300), "alive\n");
      assert.equal(await run(`socket.events;`, 10_000), "");
    });
  });
}
