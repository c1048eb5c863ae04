// Freelance server, Model One: an echo service, nothing more. Clients know
// every server's address and pick one themselves; no broker in between.
//
// The Guide passes each copy its address on the command line; this page
// runs three copies of this file, and each takes the first address of the
// list that no other copy holds yet.
import { Reply, type ZmqError } from "zeromq-wasm/browser";

const addresses = ["inproc://flserver-1", "inproc://flserver-2", "inproc://flserver-3"];

const server = new Reply();
let endpoint: string | undefined;
for (const address of addresses) {
  try {
    await server.bind(address);
    endpoint = address;
    break;
  } catch (error) {
    if ((error as ZmqError).code !== "EADDRINUSE") throw error;
  }
}
if (endpoint === undefined) throw new Error(`every address is taken: ${addresses.join(", ")}`);
console.log(`I: echo service is ready at ${endpoint}`);

for await (const request of server) await server.send(request);
