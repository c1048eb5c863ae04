// The Clone pattern, client side: get a consistent copy of a key-value
// state (the demo's ticker: symbol -> price) that keeps changing. Subscribe
// to the updates first, then ask for a snapshot, then apply only updates
// newer than the snapshot.
import { Dealer, Subscriber } from "zeromq-wasm/browser";
import type { TutorialContext } from "./context.ts";

export default async function run({ log, endpoints, signal }: TutorialContext) {
  const wanted = 20;
  const updates = new Subscriber({ receiveTimeout: 5000 });
  const snapshot = new Dealer({ receiveTimeout: 5000 });
  try {
    // 1. Subscribe, and wait for one update: now we know nothing published
    //    from here on can slip past us while the snapshot travels.
    updates.connect(endpoints.tickerUpdates);
    updates.subscribe("");
    await updates.receive();

    // 2. Ask for the whole state ("" = every key) and read it up to KTHXBAI.
    snapshot.connect(endpoints.tickerSnapshot);
    await snapshot.send(["ICANHAZ?", ""]);
    const state = new Map<string, { seq: number; price: number }>();
    let snapshotSeq = 0;
    let epoch = "";
    for (;;) {
      const [key, seq, body] = await snapshot.receive();
      if (key.toString() === "KTHXBAI") {
        snapshotSeq = Number(seq.toString());
        epoch = JSON.parse(body.toString()).epoch;
        break;
      }
      state.set(key.toString(), { seq: Number(seq.toString()), price: JSON.parse(body.toString()).price });
    }
    log(`snapshot: ${state.size} keys, sequence ${snapshotSeq}, server epoch ${epoch}`);

    // 3. Updates queued meanwhile may be older than the snapshot: skip those.
    let skipped = 0;
    let applied = 0;
    while (applied < wanted && !signal.aborted) {
      const [key, seq, body] = await updates.receive();
      const sequence = Number(seq.toString());
      if (sequence <= snapshotSeq) {
        skipped++;
        continue;
      }
      const { price } = JSON.parse(body.toString());
      state.set(key.toString(), { seq: sequence, price });
      applied++;
      if (applied <= 5) log(`update ${sequence}: ${key.toString()} = ${price}`);
    }
    log(`skipped ${skipped} updates already in the snapshot`);
    log(`state: ${state.size} keys after applying ${applied} newer updates`);
    for (const [key, { seq, price }] of state) log(`  ${key.padEnd(8)} ${price.toFixed(2).padStart(8)}  (seq ${seq})`);
    if (applied === wanted) log(`applied ${wanted} updates newer than the snapshot`);
  } finally {
    updates.close();
    snapshot.close();
  }
}
