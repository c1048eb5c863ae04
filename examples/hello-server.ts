// The Guide's hello-world server: binds a Reply socket, answers "World".
// Any ZeroMQ client can talk to it, e.g. from Python:
//   python3 -c "import zmq; s=zmq.Context().socket(zmq.REQ); s.connect('tcp://127.0.0.1:5555'); s.send(b'Hello'); print(s.recv())"
import { Reply } from "zeromq-wasm";

const address = process.argv[2] ?? "tcp://127.0.0.1:5555";
const socket = new Reply();
await socket.bind(address);
console.log(`server: listening on ${address}`);

for await (const [request] of socket) {
  console.log(`server: received ${request.toString()}`);
  await new Promise((resolve) => setTimeout(resolve, 100)); // "work"
  await socket.send("World");
}
