// Black Box, the publisher: a market-data feed that sends as fast as it can
// (numbered, so a subscriber can tell when it missed some). It waits for
// nobody; a subscriber too slow to keep up loses messages.
import { Publisher } from "zeromq-wasm/browser";

const publisher = new Publisher();
await publisher.bind("inproc://blackbox-feed");

for (let sequence = 1; ; sequence++) {
  await publisher.send(`${sequence} ${(100 + Math.random()).toFixed(4)}`);
  // Every 1000 messages, let the other programs of this page have a turn
  // (on its own machine the publisher would not need to).
  if (sequence % 1000 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
}
