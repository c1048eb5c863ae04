// Synchronized subscriber: subscribes first, then tells the publisher it is
// ready, then counts updates until END.
import { Request, Subscriber } from "zeromq-wasm/browser";

// First, connect our subscriber socket
const subscriber = new Subscriber();
subscriber.connect("inproc://updates");
subscriber.subscribe("");

// ZeroMQ is so fast, we need to wait a while: the subscription must reach
// the publisher before our "ready" does.
await new Promise((resolve) => setTimeout(resolve, 100));

// Second, synchronize with publisher
const syncclient = new Request();
syncclient.connect("inproc://sync");

// - send a synchronization request
await syncclient.send("");
// - wait for synchronization reply
await syncclient.receive();

// Third, get our updates and report how many we got
let updateNbr = 0;
for (;;) {
  const [update] = await subscriber.receive();
  if (update.toString() === "END") break;
  updateNbr++;
}
console.log(`Received ${updateNbr} updates`);

subscriber.close();
syncclient.close();
