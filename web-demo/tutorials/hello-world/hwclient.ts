// Hello World client: connects a REQ socket to the server on port 5555,
// sends "Hello" and waits for "World", ten times.
import { Request } from "zeromq-wasm/browser";

console.log("Connecting to hello world server…");
const requester = new Request();
requester.connect("tcp://localhost:5555");

for (let requestNbr = 0; requestNbr < 10; requestNbr++) {
  console.log(`Sending Hello ${requestNbr}…`);
  await requester.send("Hello");
  const [reply] = await requester.receive();
  console.log(`Received ${reply.toString()} ${requestNbr}`);
}
requester.close();
