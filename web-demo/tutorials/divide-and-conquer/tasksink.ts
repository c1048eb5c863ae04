// Task sink: binds a PULL socket, waits for the start of a batch, then
// collects one result per task and reports how long the batch took.
import { Pull } from "zeromq-wasm/browser";

const receiver = new Pull();
await receiver.bind("inproc://results");

// The ventilator's "0": the batch starts now.
await receiver.receive();
const start = performance.now();

let dots = "";
for (let taskNbr = 0; taskNbr < 100; taskNbr++) {
  await receiver.receive();
  dots += taskNbr % 10 === 9 ? ":" : ".";
}
console.log(dots);
console.log(`Total elapsed time: ${Math.round(performance.now() - start)} msec`);
receiver.close();
