// Request-reply worker: connects a REP to the broker's backend and answers
// every request with "World", as hwserver does.
import { Reply } from "zeromq-wasm/browser";

const responder = new Reply();
responder.connect("inproc://backend");

for await (const [request] of responder) {
  console.log(`Received request: [${request.toString()}]`);
  // Do some 'work' (the Guide's takes a second; a tenth keeps the run short)
  await new Promise((resolve) => setTimeout(resolve, 100));
  await responder.send("World");
}
