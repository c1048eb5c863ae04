// Request-reply client: connects a REQ to the broker's frontend and sends
// ten requests, as hwclient does to a server; it never knows which worker
// answers.
import { Request } from "zeromq-wasm/browser";

const requester = new Request();
requester.connect("inproc://frontend");

for (let requestNbr = 0; requestNbr < 10; requestNbr++) {
  await requester.send("Hello");
  const [reply] = await requester.receive();
  console.log(`Received reply ${requestNbr} [${reply.toString()}]`);
}
requester.close();
