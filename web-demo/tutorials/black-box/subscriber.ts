// Black Box, the subscriber: takes MESSAGES messages off the feed and hands
// each to a worker over inproc:// PUSH, doing no work on them itself, so
// that it keeps up with the feed however long the work takes. Then it tells
// each worker the batch is over and prints what each one processed.
import { Pull, Push, Subscriber, type ZmqError } from "zeromq-wasm/browser";

const MESSAGES = 6_000;

// No high-water mark: each worker's share queues in full, so the END sent
// to each worker at the end reaches every worker once, after its share.
const workers = new Push({ sendHighWaterMark: 0 });
await workers.bind("inproc://blackbox-work");
const results = new Pull({ receiveTimeout: 500 });
await results.bind("inproc://blackbox-results");

// Workers say they are ready; those running already answer at once.
const ready = new Set<string>();
for (;;) {
  try {
    const [kind, name] = (await results.receive()).map(String);
    if (kind === "ready") ready.add(name);
  } catch (error) {
    if ((error as ZmqError).code !== "EAGAIN" || results.closed) throw error;
    break;
  }
}
console.log(`I: ${ready.size} workers ready`);

const subscriber = new Subscriber();
subscriber.connect("inproc://blackbox-feed");
subscriber.subscribe();

let first = 0;
let last = 0;
let started = 0;
for (let received = 0; received < MESSAGES; received++) {
  const [message] = await subscriber.receive();
  const sequence = Number(message.toString().split(" ")[0]);
  if (received === 0) {
    first = sequence;
    started = performance.now();
  }
  last = sequence;
  await workers.send(message);
}
const msecs = Math.max(1, performance.now() - started);
console.log(`I: subscriber forwarded ${MESSAGES} messages (${Math.round((MESSAGES * 1000) / msecs)} msg/s), missed ${last - first + 1 - MESSAGES} of the feed's messages meanwhile`);

for (let i = 0; i < ready.size; i++) await workers.send("END");

// Each worker reports once, after its share. Busy workers say so every
// 1000 messages; a worker stopped meanwhile never reports, so stop waiting
// once no worker has said anything for half a second.
const done = new Map<string, number>();
while (done.size < ready.size) {
  try {
    const [kind, name, count, rate] = (await results.receive()).map(String);
    if (kind === "ready") ready.add(name);
    else if (kind === "done" && !done.has(name)) {
      done.set(name, Number(count));
      console.log(`I: worker ${name}: ${count} messages (${rate} msg/s)`);
    }
  } catch (error) {
    if ((error as ZmqError).code !== "EAGAIN" || results.closed) throw error;
    console.log(`W: ${ready.size - done.size} of ${ready.size} workers never reported (stopped?)`);
    break;
  }
}
const total = [...done.values()].reduce((sum, count) => sum + count, 0);
console.log(`I: in total ${total} of ${MESSAGES} messages processed by ${done.size} workers`);
