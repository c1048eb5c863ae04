// The Guide's hello-world client: ten requests, one at a time.
import { Request } from "zeromq-wasm";

const address = process.argv[2] ?? "tcp://127.0.0.1:5555";
const socket = new Request();
socket.connect(address);
console.log(`client: connecting to ${address}`);

for (let n = 0; n < 10; n++) {
  await socket.send("Hello");
  const [reply] = await socket.receive();
  console.log(`client: request ${n} -> ${reply.toString()}`);
}
socket.close();
