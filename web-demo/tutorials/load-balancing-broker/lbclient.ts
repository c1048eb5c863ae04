// Load-balancing broker's client: a REQ that sends one request to the
// broker's frontend and prints the reply.
import { Request } from "zeromq-wasm/browser";

const client = new Request();
client.connect("inproc://frontend");

// Send request, get reply
await client.send("HELLO");
const [reply] = await client.receive();
console.log(`Client: ${reply.toString()}`);
client.close();
