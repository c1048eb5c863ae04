// Simple Pirate worker: a REQ socket that says READY, then answers each
// request with the request itself. After a few requests it misbehaves as
// the Guide's worker does: once it is overloaded (too slow for the client),
// and later it crashes, dropping the request it holds.
// The Guide waits 1 s per request and 5 s when overloaded; here 0.1 s and
// 1.5 s, so that a run takes seconds.
import { Request } from "zeromq-wasm/browser";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hex = () => Math.floor(Math.random() * 0x10000).toString(16).toUpperCase().padStart(4, "0");

// A random identity makes it easy to tell the workers apart.
const identity = `${hex()}-${hex()}`;
const worker = new Request({ routingId: identity });
worker.connect("inproc://pirate-workers");

console.log(`I: (${identity}) worker ready`);
await worker.send("READY");

// The Guide rolls dice for its problems; counted here, so each run shows
// the same story: an overload on the 3rd request, a crash on the 5th.
for (let cycles = 1; ; cycles++) {
  // [client address, "", request]
  const message = await worker.receive();
  if (cycles === 5) {
    console.log(`I: (${identity}) simulating a crash`);
    break;
  }
  if (cycles === 3) {
    console.log(`I: (${identity}) simulating CPU overload`);
    await sleep(1500);
  }
  console.log(`I: (${identity}) normal reply - ${message[2].toString()}`);
  await sleep(100); // do some heavy work
  await worker.send(message);
}
worker.close();
