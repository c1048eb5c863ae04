// Task sink, with a kill signal: as tasksink.ts, but once the batch is in
// it publishes KILL on a control channel, so the workers end too.
import { Publisher, Pull } from "zeromq-wasm/browser";

const receiver = new Pull();
await receiver.bind("inproc://results");

// Socket for worker control
const controller = new Publisher();
await controller.bind("inproc://control");

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

// Send kill signal to workers
await controller.send("KILL");
// Give the message a moment to reach them before the sockets close.
await new Promise((resolve) => setTimeout(resolve, 100));
receiver.close();
controller.close();
