// Paranoid Pirate worker: a DEALER that says READY, answers requests and
// trades heartbeats with the queue. If the queue goes quiet for three
// heartbeats, the worker assumes it died, waits, and connects again with
// a new socket, waiting twice as long each time it fails (up to a limit).
// Like the Guide's, it misbehaves after a few requests: it is overloaded
// once (after its 3rd reply, stuck and silent for a while), and it crashes
// on its 5th request (counted rather than random, so every run tells the
// same story).
// Times are a quarter of the Guide's.
import { Dealer, type ZmqError } from "zeromq-wasm/browser";

const HEARTBEAT_LIVENESS = 3; // 3-5 is reasonable
const HEARTBEAT_INTERVAL = 250; // msecs
const INTERVAL_INIT = 250; // initial reconnect
const INTERVAL_MAX = 8000; // after exponential backoff

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hex = () => Math.floor(Math.random() * 0x10000).toString(16).toUpperCase().padStart(4, "0");

// A new socket with a new random identity, connected and announced. Its
// receive timeout is the heartbeat: a timeout means a heartbeat missed.
let identity = "";
async function workerSocket() {
  identity = `${hex()}-${hex()}`;
  const worker = new Dealer({ routingId: identity, receiveTimeout: HEARTBEAT_INTERVAL, sendTimeout: 0, linger: 0 });
  worker.connect("inproc://pirate-workers");
  console.log(`I: (${identity}) worker ready`);
  await send(worker, "READY");
  return worker;
}

// Over inproc, a socket whose queue has gone has nowhere to send (tcp would
// reconnect): the message is lost, and the missing heartbeats tell.
async function send(worker: Dealer, message: string | Uint8Array[]) {
  try {
    await worker.send(message);
  } catch (error) {
    if ((error as ZmqError).code !== "EAGAIN") throw error;
  }
}

let worker = await workerSocket();
let liveness = HEARTBEAT_LIVENESS; // at zero, the queue is considered gone
let interval = INTERVAL_INIT;
let heartbeatAt = Date.now() + HEARTBEAT_INTERVAL;

for (let cycles = 0; ; ) {
  let message: Uint8Array[] | undefined;
  try {
    message = await worker.receive();
  } catch (error) {
    if ((error as ZmqError).code !== "EAGAIN") throw error;
  }
  if (message?.length === 3) {
    // A request: [client address, "", body].
    cycles++;
    if (cycles === 5) {
      console.log(`I: (${identity}) simulating a crash`);
      break;
    }
    console.log(`I: (${identity}) normal reply - ${message[2].toString()}`);
    await sleep(100); // do some heavy work
    await send(worker, message);
    liveness = HEARTBEAT_LIVENESS;
    if (cycles === 3) {
      // Stuck while the queue counts it as idle: no heartbeats from it.
      console.log(`I: (${identity}) simulating CPU overload`);
      await sleep(1500);
    }
  } else if (message?.length === 1 && message[0].toString() === "HEARTBEAT") {
    liveness = HEARTBEAT_LIVENESS;
  } else if (message) {
    console.log(`E: (${identity}) invalid message`);
  } else if (--liveness === 0) {
    console.log(`W: (${identity}) heartbeat failure, can't reach queue`);
    console.log(`W: (${identity}) reconnecting in ${interval} msec…`);
    await sleep(interval);
    interval = Math.min(interval * 2, INTERVAL_MAX);
    worker.close();
    worker = await workerSocket();
    liveness = HEARTBEAT_LIVENESS;
  }
  if (message) interval = INTERVAL_INIT;

  // Heartbeats go out on time whatever else happened.
  if (Date.now() > heartbeatAt) {
    heartbeatAt = Date.now() + HEARTBEAT_INTERVAL;
    await send(worker, "HEARTBEAT");
  }
}
worker.close();
