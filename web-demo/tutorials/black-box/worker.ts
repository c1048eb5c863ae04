// Black Box, a worker: pulls messages from the subscriber and does the real
// work on them, so that the subscriber itself only has to keep up with the
// feed. Here the work is a pause after every 100 messages (storing them,
// say); workers pause at the same time, which is why several go faster
// than one.
import { Pull, Push } from "zeromq-wasm/browser";

// A name for the reports (the Guide's workers pick random identities too).
const name = Math.floor(Math.random() * 0x10000).toString(16).toUpperCase().padStart(4, "0");

const work = new Pull({ receiveHighWaterMark: 0 });
work.connect("inproc://blackbox-work");
const results = new Push();
results.connect("inproc://blackbox-results");
await results.send(["ready", name]);

let count = 0;
let started = 0;
for await (const [message] of work) {
  if (message.toString() === "END") {
    // Messages per second, over the time this worker was busy.
    const msecs = Math.max(1, performance.now() - started);
    await results.send(["done", name, String(count), String(Math.round((count * 1000) / msecs))]);
    continue;
  }
  if (count++ === 0) started = performance.now();
  if (count % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  // Tell the subscriber we are still busy, so it waits for our report.
  if (count % 1000 === 0) await results.send(["busy", name, String(count)]);
}
