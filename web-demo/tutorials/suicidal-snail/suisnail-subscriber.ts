// Suicidal Snail, the subscriber: each message is the time it was sent, so
// the subscriber knows how late it is reading it. Most messages take it a
// millisecond, but now and then one takes much longer; on average it is
// slower than the publisher. Once it reads messages more than
// MAX_ALLOWED_DELAY old it says so and exits, rather than serve stale data.
import { Subscriber } from "zeromq-wasm/browser";

const MAX_ALLOWED_DELAY = 1000; // msecs

const subscriber = new Subscriber();
subscriber.connect("inproc://suisnail");
subscriber.subscribe();

let count = 0;
for await (const [message] of subscriber) {
  const delay = Date.now() - Number(message.toString());
  if (++count % 20 === 0) console.log(`I: message ${count}, sent ${delay} msec ago`);
  if (delay > MAX_ALLOWED_DELAY) {
    console.error(`E: subscriber cannot keep up, aborting (message ${count} was ${delay} msec old)`);
    break;
  }
  // Work for 1 msec, or, one time in ten, for 100 msec.
  const work = Math.random() < 0.1 ? 100 : 1;
  await new Promise((resolve) => setTimeout(resolve, work));
}
subscriber.close();
