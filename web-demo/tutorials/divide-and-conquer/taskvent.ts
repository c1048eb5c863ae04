// Task ventilator: binds a PUSH socket and sends a batch of tasks to the
// workers connected to it. The first message, "0", tells the sink that a
// batch starts.
import { Push } from "zeromq-wasm/browser";

const sender = new Push();
await sender.bind("inproc://tasks");

const sink = new Push();
sink.connect("inproc://results");

// The Guide asks you to press Enter once the workers are up: here they are
// started together with this program, so wait a moment for them instead.
await new Promise((resolve) => setTimeout(resolve, 200));

console.log("Sending tasks to workers…");
await sink.send("0");

let totalMsec = 0;
for (let taskNbr = 0; taskNbr < 100; taskNbr++) {
  // A random workload from 1 to 20 ms.
  const workload = 1 + Math.floor(Math.random() * 20);
  totalMsec += workload;
  await sender.send(String(workload));
}
console.log(`Total expected cost: ${totalMsec} msec`);
sink.close();
sender.close();
