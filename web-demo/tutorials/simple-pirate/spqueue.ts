// Simple Pirate queue: the load-balancing (LRU) broker and nothing more.
// Workers say READY and are handed requests oldest-idle first; the queue
// has no reliability of its own: clients recover by retrying.
import { Router } from "zeromq-wasm/browser";

const frontend = new Router(); // for clients
const backend = new Router(); // for workers
await frontend.bind("inproc://pirate-queue");
await backend.bind("inproc://pirate-workers");

// Workers ready for a request, the one idle longest first.
const workers: Uint8Array[] = [];
let workerReady = () => {};

// Backend: a worker's READY, or a reply that also makes it ready again.
const backendLoop = (async () => {
  for await (const [worker, , ...message] of backend) {
    workers.push(worker);
    workerReady();
    if (message.length === 1 && message[0].toString() === "READY") continue;
    await frontend.send(message);
  }
})();

// Frontend: read a client's request only when a worker is free for it.
const frontendLoop = (async () => {
  for (;;) {
    while (workers.length === 0) await new Promise<void>((resolve) => (workerReady = resolve));
    const request = await frontend.receive();
    await backend.send([workers.shift()!, "", ...request]);
  }
})();

await Promise.all([backendLoop, frontendLoop]);
