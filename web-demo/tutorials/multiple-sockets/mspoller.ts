// Reading from multiple sockets: tasks from the ventilator (PULL) and
// weather updates from the weather server (SUB), whichever comes. The
// Guide's mspoller waits on both with zmq_poll; in JavaScript every receive
// is a promise, so each socket gets its own loop and the two run side by
// side, neither blocking the other.
import { Pull, Subscriber } from "zeromq-wasm/browser";

// The ventilator's batch: 100 workloads (its "0" goes to a sink, not here).
const TASKS = 100;

// Connect to the task ventilator
const receiver = new Pull();
receiver.connect("inproc://tasks");

// Connect to the weather server
const subscriber = new Subscriber();
subscriber.connect("tcp://localhost:5556");
subscriber.subscribe("10001 ");

let tasksDone = false;
let updates = 0;

async function processTasks() {
  for (let taskNbr = 0; taskNbr < TASKS; taskNbr++) {
    const [task] = await receiver.receive();
    // Process task: "work" for its workload, in milliseconds.
    console.log(`task: ${task.toString()} ms`);
    await new Promise((resolve) => setTimeout(resolve, Number(task.toString())));
  }
  tasksDone = true;
}

async function processWeather() {
  while (!tasksDone) {
    const [update] = await subscriber.receive();
    // Process weather update
    console.log(`weather: ${update.toString()}`);
    updates++;
  }
}

await Promise.all([processTasks(), processWeather()]);
console.log(`Processed ${TASKS} tasks and ${updates} weather updates`);
receiver.close();
subscriber.close();
