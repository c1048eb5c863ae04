// Load-balancing broker: clients (REQ) talk to the frontend ROUTER, workers
// (REQ too) to the backend ROUTER. A worker says READY, and every reply it
// sends says it is free again; the broker hands each client request to the
// worker that has been free longest.
import { Router, type Frame } from "zeromq-wasm/browser";

// As many as this tutorial starts lbclient.ts copies: the broker ends once
// each has had its reply.
const NBR_CLIENTS = 6;

const frontend = new Router();
const backend = new Router();
await frontend.bind("inproc://frontend");
await backend.bind("inproc://backend");

// Queue of available workers, oldest first, and a wake-up for the frontend
// when one becomes free.
const workerQueue: Frame[] = [];
let workerFree = () => {};

// The Guide's broker polls the backend always and the frontend only while a
// worker is free. Here each socket gets its own loop, and the frontend loop
// waits for a free worker before it takes the next request.
async function routeRequests() {
  for await (const [clientId, , request] of frontend) {
    while (workerQueue.length === 0) await new Promise<void>((resolve) => (workerFree = resolve));
    const workerId = workerQueue.shift()!;
    await backend.send([workerId, "", clientId, "", request]);
  }
}

async function routeReplies() {
  let clientNbr = NBR_CLIENTS;
  // A worker's message: [worker, "", "READY"] or [worker, "", client, "", reply]
  for await (const [workerId, , clientId, , reply] of backend) {
    workerQueue.push(workerId);
    workerFree();
    if (clientId.toString() !== "READY") {
      await frontend.send([clientId, "", reply]);
      if (--clientNbr === 0) break;
    }
  }
}

void routeRequests();
await routeReplies();
console.log(`Routed ${NBR_CLIENTS} requests, every client has its reply`);
// Closing the frontend also ends routeRequests()'s loop.
frontend.close();
backend.close();
