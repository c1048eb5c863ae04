// Task worker, with a kill signal: as taskwork.ts, plus a SUB socket on the
// sink's control channel. Any message there means KILL, and the worker ends.
import { Pull, Push, Subscriber } from "zeromq-wasm/browser";

const receiver = new Pull();
receiver.connect("inproc://tasks");

const sender = new Push();
sender.connect("inproc://results");

// Socket for control input
const controller = new Subscriber();
controller.connect("inproc://control");
controller.subscribe("");

// Where the Guide polls both sockets, keep one receive pending on each and
// handle whichever completes first.
const kill = controller.receive().then(() => "KILL" as const);
let tasks = 0;
for (;;) {
  const event = await Promise.race([kill, receiver.receive()]);
  // Any waiting controller command acts as KILL
  if (event === "KILL") break;
  const [workload] = event;
  await new Promise((resolve) => setTimeout(resolve, Number(workload.toString())));
  await sender.send("");
  tasks++;
}
console.log(`Got KILL after ${tasks} tasks, exiting`);
receiver.close();
sender.close();
controller.close();
