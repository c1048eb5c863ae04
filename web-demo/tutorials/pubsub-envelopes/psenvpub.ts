// Pub-sub envelope publisher: the key goes in a frame of its own, so a
// subscription matches the key and never the content.
import { Publisher } from "zeromq-wasm/browser";

// Prepare our publisher
const publisher = new Publisher();
await publisher.bind("inproc://envelopes");

for (;;) {
  // Write two messages, each with an envelope and content
  await publisher.send(["A", "We don't want to see this"]);
  await publisher.send(["B", "We would like to see this"]);
  // The Guide waits a second between rounds; a fifth of one keeps it brisk.
  await new Promise((resolve) => setTimeout(resolve, 200));
}
