// Node coordination: a publisher that waits until all its subscribers are
// ready, so none of them misses the start of the stream. The subscribers
// say "ready" over REQ/REP, a second channel next to the PUB/SUB one.
import { Publisher, Reply, Request, Subscriber } from "zeromq-wasm/browser";
import type { TutorialContext } from "./context.ts";

export default async function run({ log, signal }: TutorialContext) {
  const run = Math.random().toString(36).slice(2, 8);
  const updatesAt = `inproc://updates-${run}`;
  const syncAt = `inproc://sync-${run}`;
  const subscriberCount = 3;
  const updateCount = 100;

  const publisher = new Publisher();
  const syncService = new Reply();
  const sockets: Array<Publisher | Subscriber | Request | Reply> = [publisher, syncService];

  async function subscriber(name: string) {
    const updates = new Subscriber({ receiveTimeout: 5000 });
    const sync = new Request();
    sockets.push(updates, sync);
    // Subscribe first, then tell the publisher we are ready.
    updates.connect(updatesAt);
    updates.subscribe("");
    sync.connect(syncAt);
    await sync.send("ready");
    await sync.receive();
    let count = 0;
    for (;;) {
      const [update] = await updates.receive();
      if (update.toString() === "END") break;
      count++;
    }
    log(`${name}: received ${count} updates`);
    return count;
  }

  try {
    await publisher.bind(updatesAt);
    await syncService.bind(syncAt);
    const names = Array.from({ length: subscriberCount }, (_, i) => `subscriber-${i + 1}`);
    const subscribers = names.map((name) => subscriber(name));

    // Wait for one "ready" per subscriber, answering each.
    for (let ready = 1; ready <= subscriberCount && !signal.aborted; ready++) {
      await syncService.receive();
      await syncService.send("");
      log(`publisher: ${ready} of ${subscriberCount} subscribers ready`);
    }

    // Now publish; nobody is late.
    for (let i = 1; i <= updateCount; i++) await publisher.send(`update ${i}`);
    await publisher.send("END");
    log(`publisher: sent ${updateCount} updates and END`);

    const counts = await Promise.all(subscribers);
    if (counts.every((count) => count === updateCount)) {
      log(`all ${subscriberCount} subscribers received all ${updateCount} updates`);
    } else {
      log(`some updates were missed: ${counts.join(", ")}`);
    }
  } finally {
    for (const socket of sockets) socket.close();
  }
}
