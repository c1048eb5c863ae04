// The app's own module Web Worker, running libzmq itself (no page API, no
// nested worker): "zeromq-wasm/worker", the entry a bundler's `worker`
// condition also picks. Top-level await has loaded the wasm on import.
import { Reply, Request, version } from "zeromq-wasm/worker";

const server = new Reply();
await server.bind("inproc://in-worker");
const client = new Request();
client.connect("inproc://in-worker");
await client.send("Hello");
const [request] = await server.receive();
await server.send(`${request.toString()} from libzmq ${version} in this worker`);
const [reply] = await client.receive();
client.close();
server.close();
postMessage(reply.toString());
