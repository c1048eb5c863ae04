// Lazy Pirate client: sends numbered requests, each one waiting a bounded
// time for its reply. On silence it throws its REQ socket away (it cannot
// send twice in a row), opens a new one and sends the request again; after
// a few tries it decides the server is gone.
// The Guide waits 2.5 s per try; 1 s here.
import { Request, type ZmqError } from "zeromq-wasm/browser";

const REQUEST_TIMEOUT = 1000; // msecs
const REQUEST_RETRIES = 3; // before we abandon

// linger 0: closing drops a request that is still waiting to go out.
function clientSocket() {
  const client = new Request({ receiveTimeout: REQUEST_TIMEOUT, linger: 0 });
  client.connect("inproc://pirate-queue");
  return client;
}

console.log("I: connecting to server…");
let client = clientSocket();

for (let sequence = 1, retriesLeft = REQUEST_RETRIES; retriesLeft > 0; sequence++) {
  const request = String(sequence);
  await client.send(request);
  let retried = false;
  for (;;) {
    try {
      const [reply] = await client.receive();
      if (reply.toString() === request) {
        console.log(`I: server replied OK (${reply})${retried ? " after retrying" : ""}`);
        retriesLeft = REQUEST_RETRIES;
        break;
      }
      console.log(`E: malformed reply from server: ${reply}`);
      continue;
    } catch (error) {
      if ((error as ZmqError).code !== "EAGAIN") throw error;
    }
    client.close();
    if (--retriesLeft === 0) {
      console.log("E: server seems to be offline, abandoning");
      break;
    }
    console.log("W: no response from server, retrying…");
    retried = true;
    client = clientSocket();
    await client.send(request);
  }
}
