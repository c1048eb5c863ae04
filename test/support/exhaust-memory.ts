/**
 * A child process for test/faults/out-of-memory.test.ts: an application
 * that runs libzmq out of wasm memory and then looks at what its sockets
 * do. (ZEROMQ_WASM_TEST_BUILD=threads: the build with threads.)
 *
 * A Push connected to a port nobody listens on, with no high-water mark,
 * queues 64 MiB messages until libzmq's allocations fail (a send then
 * rejects with ENOMEM, gracefully), then smaller ones, down to 1-byte
 * messages, until the queue cannot grow (our patch makes that a full pipe:
 * the send waits instead of aborting). With no memory left, a new socket
 * meets an allocation libzmq still asserts: it aborts. Before that, other
 * sockets have a receive, a send and an event iteration pending, and a raw
 * TCP peer is connected to a bound Reply.
 *
 * Prints one JSON line, {"report": {...}}, and then does nothing more: the
 * process must end by itself.
 */
import * as net from "node:net";
import { Pull, Push, Reply } from "./zmq.ts";

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: { code?: string }) => `rejected ${error.code}`,
  );
const thrown = (call: () => unknown): string => {
  try {
    const result = call();
    return result instanceof Promise ? "promise" : "returned";
  } catch (error) {
    return `threw ${(error as { code?: string }).code}`;
  }
};

// A port nobody listens on.
const vacant = net.createServer();
await new Promise<void>((resolve) => vacant.listen(0, "127.0.0.1", resolve));
const { port } = vacant.address() as net.AddressInfo;
await new Promise((resolve) => vacant.close(resolve));

const reply = new Reply({ linger: 0 });
await reply.bind("tcp://127.0.0.1:*");
const replyPort = Number(/:(\d+)$/.exec(reply.lastEndpoint!)![1]);
const peer = net.connect({ host: "127.0.0.1", port: replyPort });
peer.on("error", () => {});
peer.resume(); // reads (and drops) the greeting: a paused socket would never see the end
const peerClosed = new Promise<void>((resolve) => peer.on("close", () => resolve()));
await new Promise((resolve) => peer.once("connect", resolve));

const pull = new Pull({ linger: 0 });
pull.connect(`tcp://127.0.0.1:${port}`);
const pendingReceive = outcome(pull.receive());
const idle = new Push({ linger: 0 });
const pendingSend = outcome(idle.send("never")); // no peer: waits
const events: string[] = [];
const eventsEnded = (async () => {
  for await (const event of reply.events) events.push(event.type);
  return "ended";
})().catch((error: { code?: string }) => `threw ${error.code}`);

const push = new Push({ linger: 0, sendHighWaterMark: 0 });
push.connect(`tcp://127.0.0.1:${port}`);
const failures: string[] = [];
const sent: Record<number, number> = {};
// Each size until an allocation fails gracefully (ENOMEM), so that the
// next, smaller, fills what is left; at 1 byte the message needs no
// allocation, and the queue's chunk that cannot be had leaves the send
// waiting, as at a full pipe: a second without progress means full.
const stalled = Symbol("stalled");
const full = () => new Promise<typeof stalled>((resolve) => setTimeout(() => resolve(stalled), 1_000).unref());
for (const size of [64 << 20, 4 << 20, 256 << 10, 16 << 10, 1 << 10, 1]) {
  const message = new Uint8Array(size);
  sent[size] = 0;
  while (!push.closed && sent[size] < 5_000_000) {
    try {
      if ((await Promise.race([push.send(message), full()])) === stalled) break;
      sent[size]++;
    } catch (error) {
      const code = (error as { code?: string }).code ?? String(error);
      if (!failures.includes(code)) failures.push(code);
      break;
    }
  }
  if (push.closed) break;
}
// No memory left: making sockets reaches an allocation libzmq asserts.
const made: Array<InstanceType<typeof Pull>> = [];
for (let i = 0; i < 10_000 && !push.closed; i++) {
  try {
    made.push(new Pull({ linger: 0 }));
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    if (!failures.includes(code)) failures.push(code);
    break;
  }
}

const report = {
  sent,
  failures,
  closed: { push: push.closed, pull: pull.closed, idle: idle.closed, reply: reply.closed },
  pendingReceive: await pendingReceive,
  pendingSend: await pendingSend,
  laterSend: await outcome(Promise.resolve().then(() => push.send("after"))),
  laterReceive: await outcome(Promise.resolve().then(() => pull.receive())),
  laterBind: await outcome(Promise.resolve().then(() => reply.bind("tcp://127.0.0.1:*"))),
  laterOption: thrown(() => (push.sendHighWaterMark = 5)),
  newSocket: thrown(() => new Pull()),
  events: await eventsEnded,
  eventTypes: events,
  peerClosed: await Promise.race([peerClosed.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 5_000).unref())]),
  close: thrown(() => {
    for (const socket of [push, pull, idle, reply, ...made]) socket.close();
  }),
};
process.stdout.write(`${JSON.stringify({ report })}\n`);
