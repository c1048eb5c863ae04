// Clone client: a consistent copy of a key-value state that keeps changing
// (the demo's ticker: symbol -> price). Subscribe to the updates first,
// then ask for a snapshot, then apply only updates newer than it.
import { Dealer, Subscriber } from "zeromq-wasm/browser";

// Updates to apply after the snapshot before this client ends.
const UPDATES = 20;

const kvmap = new Map<string, { sequence: number; price: number }>();

// Subscribe to every update first...
const subscriber = new Subscriber();
subscriber.connect("tcp://localhost:5558");
subscriber.subscribe("");
// ...and wait for one to arrive: the subscription has reached the server,
// so nothing published from now on can slip past us.
await subscriber.receive();

// Get state snapshot: "ICANHAZ?" with a subtree ("" is every key); the
// state comes as [key, sequence, body] messages, then KTHXBAI with the
// snapshot's sequence number.
const snapshot = new Dealer();
snapshot.connect("tcp://localhost:5557");
await snapshot.send(["ICANHAZ?", ""]);
let snapshotSequence = 0;
for (;;) {
  const [key, sequence, body] = await snapshot.receive();
  if (key.toString() === "KTHXBAI") {
    snapshotSequence = Number(sequence.toString());
    console.log(`I: received snapshot=${snapshotSequence} (${kvmap.size} keys)`);
    break;
  }
  kvmap.set(key.toString(), { sequence: Number(sequence.toString()), price: JSON.parse(body.toString()).price });
}

// Now apply pending updates, discarding those already in the snapshot
let applied = 0;
let skipped = 0;
while (applied < UPDATES) {
  const [key, sequence, body] = await subscriber.receive();
  if (Number(sequence.toString()) <= snapshotSequence) {
    skipped++;
    continue;
  }
  const { price } = JSON.parse(body.toString());
  kvmap.set(key.toString(), { sequence: Number(sequence.toString()), price });
  console.log(`I: update ${sequence.toString()}: ${key.toString()} = ${price}`);
  applied++;
}
console.log(`I: skipped ${skipped} updates already in the snapshot`);
console.log(`I: applied ${applied} updates newer than the snapshot`);
for (const [key, { sequence, price }] of kvmap) console.log(`${key.padEnd(8)} ${price.toFixed(2).padStart(8)}  (sequence ${sequence})`);

subscriber.close();
snapshot.close();
