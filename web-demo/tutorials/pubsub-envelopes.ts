// Pub-sub message envelopes: the key goes in a frame of its own, so a
// subscription prefix matches the key exactly and never the content.
import { Publisher, Subscriber } from "zeromq-wasm/browser";
import { sleep, type TutorialContext } from "./context.ts";

export default async function run({ log, signal }: TutorialContext) {
  const address = `inproc://envelopes-${Math.random().toString(36).slice(2, 8)}`;
  const wanted = 5;
  const publisher = new Publisher();
  const subscriberA = new Subscriber();
  const subscriberB = new Subscriber();
  let finished = false;
  try {
    await publisher.bind(address);
    subscriberA.connect(address);
    subscriberA.subscribe("A");
    subscriberB.connect(address);
    subscriberB.subscribe("B");

    // The publisher sends [key, content] pairs until the readers are done.
    const publishing = (async () => {
      for (let i = 1; !finished && !signal.aborted; i++) {
        await publisher.send(["A", `A's content #${i}: not for B`]);
        await publisher.send(["B", `B's content #${i}: only for B`]);
        await sleep(20, signal);
      }
    })();

    // A subscriber collects `wanted` messages and checks each envelope.
    const read = async (name: string, socket: Subscriber, key: string) => {
      let count = 0;
      let onlyMine = true;
      for await (const [envelope, content] of socket) {
        log(`subscriber ${name}: [${envelope.toString()}] ${content.toString()}`);
        if (envelope.toString() !== key) onlyMine = false;
        if (++count === wanted || signal.aborted) break;
      }
      return onlyMine && count === wanted;
    };
    const [okA, okB] = await Promise.all([read("A", subscriberA, "A"), read("B", subscriberB, "B")]);
    finished = true;
    await publishing;
    if (okA) log(`subscriber A got only A messages (${wanted})`);
    if (okB) log(`subscriber B got only B messages (${wanted})`);
  } finally {
    finished = true;
    publisher.close();
    subscriberA.close();
    subscriberB.close();
  }
}
