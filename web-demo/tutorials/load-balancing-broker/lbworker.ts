// Load-balancing broker's worker: a REQ on the broker's backend. It says
// READY once; after that, each reply also tells the broker it is free.
import { Request } from "zeromq-wasm/browser";

const worker = new Request();
worker.connect("inproc://backend");

// Tell broker we're ready for work
await worker.send("READY");

for (;;) {
  // The client's identity, the empty delimiter, then the request: the
  // reply goes back in the same envelope.
  const [identity, empty, request] = await worker.receive();
  console.log(`Worker: ${request.toString()}`);
  // Pretend to work a little, so the broker has to wait for free workers.
  await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 30));
  await worker.send([identity, empty, "OK"]);
}
