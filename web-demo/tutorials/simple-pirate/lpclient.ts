// Lazy Pirate client: sends numbered requests, each one waiting a bounded
// time for its reply. On silence it throws its REQ socket away (it cannot
// send twice in a row), opens a new one and sends the request again; after
// a few tries it decides the server is gone.
// The Guide waits 2.5 s per try; 1 s here.
import { Request, type ZmqError } from "zeromq-wasm/browser";

const REQUEST_TIMEOUT = 1000; // msecs
const REQUEST_RETRIES = 3; // before we abandon

// linger 0: closing drops a request that is still waiting to go out.
// sendTimeout: over inproc, a socket whose queue has gone has nowhere to
// send (tcp would reconnect); that counts as no response too.
function clientSocket() {
  const client = new Request({ sendTimeout: REQUEST_TIMEOUT, receiveTimeout: REQUEST_TIMEOUT, linger: 0 });
  client.connect("inproc://pirate-queue");
  return client;
}

// The reply, or undefined if none came in time.
async function tryRequest(client: Request, request: string) {
  try {
    await client.send(request);
    const [reply] = await client.receive();
    return reply.toString();
  } catch (error) {
    if ((error as ZmqError).code !== "EAGAIN") throw error;
    return undefined;
  }
}

console.log("I: connecting to server…");
let client = clientSocket();

for (let sequence = 1; ; sequence++) {
  const request = String(sequence);
  let reply = await tryRequest(client, request);
  let retriesLeft = REQUEST_RETRIES;
  while (reply === undefined && --retriesLeft > 0) {
    console.log("W: no response from server, retrying…");
    client.close();
    client = clientSocket();
    reply = await tryRequest(client, request);
  }
  if (reply === undefined) {
    console.log("E: server seems to be offline, abandoning");
    break;
  }
  if (reply === request) console.log(`I: server replied OK (${reply})${retriesLeft < REQUEST_RETRIES ? " after retrying" : ""}`);
  else console.log(`E: malformed reply from server: ${reply}`);
}
client.close();
