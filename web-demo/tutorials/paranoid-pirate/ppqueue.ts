// Paranoid Pirate queue: the Simple Pirate queue plus heartbeating. It
// sends HEARTBEAT to every idle worker once a second and expects to hear
// from each of them as often; a worker silent for three heartbeats has
// gone (crashed, or cut off) and is dropped from the queue.
// Times are a quarter of the Guide's (250 ms instead of 1 s).
import { Router } from "zeromq-wasm/browser";

const HEARTBEAT_LIVENESS = 3; // 3-5 is reasonable
const HEARTBEAT_INTERVAL = 250; // msecs

const frontend = new Router(); // for clients
const backend = new Router(); // for workers
await frontend.bind("inproc://pirate-queue");
await backend.bind("inproc://pirate-workers");

// The frontend loop and the heartbeat timer both send on the backend; a
// socket takes one send at a time (a second at once fails with EBUSY).
let sendingToWorkers = Promise.resolve();
function sendToWorker(message: Array<string | Uint8Array>) {
  sendingToWorkers = sendingToWorkers.then(() => backend.send(message)).catch((error: Error) => console.log(`E: ${error.message}`));
  return sendingToWorkers;
}

interface Worker {
  identity: Uint8Array;
  name: string;
  expiry: number; // dropped if not heard from by then
}
// Idle workers, the one idle longest first.
const workers: Worker[] = [];
let workerReady = () => {};

function workerIdle(identity: Uint8Array) {
  const name = identity.toString();
  const known = workers.findIndex((worker) => worker.name === name);
  if (known >= 0) workers.splice(known, 1);
  workers.push({ identity, name, expiry: Date.now() + HEARTBEAT_INTERVAL * HEARTBEAT_LIVENESS });
  workerReady();
}

// Backend: READY and HEARTBEAT are one frame; anything else is a reply to
// pass on to its client, after which the worker is idle again.
const backendLoop = (async () => {
  for await (const [identity, ...message] of backend) {
    if (message.length > 1) {
      await frontend.send(message);
      workerIdle(identity);
    } else if (message[0].toString() === "READY") {
      workerIdle(identity);
    } else if (message[0].toString() === "HEARTBEAT") {
      const worker = workers.find((worker) => worker.name === identity.toString());
      if (worker) worker.expiry = Date.now() + HEARTBEAT_INTERVAL * HEARTBEAT_LIVENESS;
    } else {
      console.log(`E: invalid message from ${identity}`);
    }
  }
})();

// Frontend: read a client's request only when a worker is free for it.
const frontendLoop = (async () => {
  for (;;) {
    while (workers.length === 0) await new Promise<void>((resolve) => (workerReady = resolve));
    const request = await frontend.receive();
    // Workers may have expired while the request was on its way.
    while (workers.length === 0) await new Promise<void>((resolve) => (workerReady = resolve));
    await sendToWorker([workers.shift()!.identity, ...request]);
  }
})();

// Heartbeat the idle workers, and drop those that stopped answering.
setInterval(() => {
  for (const worker of workers) void sendToWorker([worker.identity, "HEARTBEAT"]);
  for (let index = workers.length - 1; index >= 0; index--) {
    if (Date.now() > workers[index].expiry) {
      console.log(`W: worker ${workers[index].name} expired`);
      workers.splice(index, 1);
    }
  }
}, HEARTBEAT_INTERVAL);

await Promise.all([backendLoop, frontendLoop]);
