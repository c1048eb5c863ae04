// Suicidal Snail, the publisher: sends the current time (msecs) every 5
// msecs (the Guide: every msec), to whoever subscribes. It never waits for anyone: a
// subscriber that cannot keep up only falls further behind.
import { Publisher } from "zeromq-wasm/browser";

const publisher = new Publisher();
await publisher.bind("inproc://suisnail");

for (;;) {
  await publisher.send(String(Date.now()));
  await new Promise((resolve) => setTimeout(resolve, 5));
}
