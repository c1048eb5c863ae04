// Pub-sub envelope subscriber: subscribes to key "B" and prints each
// envelope with its content. The Guide's reads forever; this one stops
// after a few.
import { Subscriber } from "zeromq-wasm/browser";

const MESSAGES = 5;

// Prepare our subscriber
const subscriber = new Subscriber();
subscriber.connect("inproc://envelopes");
subscriber.subscribe("B");

for (let messageNbr = 0; messageNbr < MESSAGES; messageNbr++) {
  // Read envelope with address, then message contents
  const [address, contents] = await subscriber.receive();
  console.log(`[${address.toString()}] ${contents.toString()}`);
}
subscriber.close();
