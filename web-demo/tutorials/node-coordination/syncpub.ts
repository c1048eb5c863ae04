// Synchronized publisher: waits until every subscriber it expects has said
// it is ready (over REQ/REP, a channel next to the PUB/SUB one), then
// publishes, so no subscriber misses the start of the stream.
import { Publisher, Reply } from "zeromq-wasm/browser";

// We wait for 3 subscribers (this tutorial starts three syncsub.ts)
const SUBSCRIBERS_EXPECTED = 3;
// The Guide sends a million; a thousand make the point.
const UPDATES = 1000;

// Socket to talk to clients
const publisher = new Publisher();
await publisher.bind("inproc://updates");

// Socket to receive signals
const syncservice = new Reply();
await syncservice.bind("inproc://sync");

// Get synchronization from subscribers
console.log("Waiting for subscribers");
for (let subscribers = 0; subscribers < SUBSCRIBERS_EXPECTED; subscribers++) {
  // - wait for synchronization request
  await syncservice.receive();
  // - send synchronization reply
  await syncservice.send("");
}
// Now broadcast exactly UPDATES updates followed by END
console.log("Broadcasting messages");
for (let updateNbr = 0; updateNbr < UPDATES; updateNbr++) await publisher.send("Rhubarb");
await publisher.send("END");

publisher.close();
syncservice.close();
