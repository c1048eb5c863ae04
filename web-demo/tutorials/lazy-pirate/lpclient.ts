// Lazy Pirate client: reliable request-reply on the client side. It waits
// a bounded time for each reply; on silence it throws its REQ socket away,
// opens a new one and sends the same request again, giving up after a few
// tries. The demo's flaky server (port 5559) drops some requests.
import { Request, type ZmqError } from "zeromq-wasm/browser";

const REQUEST_TIMEOUT = 1000; // msecs (the Guide waits 2.5 s)
const REQUEST_RETRIES = 3; // before we abandon
// The Guide's client goes on until the server seems offline; this one
// stops after a few requests.
const REQUEST_COUNT = 6;
const SERVER_ENDPOINT = "tcp://localhost:5559";

// A new REQ socket connected to the server. linger 0: closing it drops a
// request still waiting to go out.
function clientSocket() {
  console.log("I: connecting to server…");
  const client = new Request({ receiveTimeout: REQUEST_TIMEOUT, linger: 0 });
  client.connect(SERVER_ENDPOINT);
  return client;
}

let client = clientSocket();
let sequence = 0;
let answered = 0;
let retriesLeft = REQUEST_RETRIES;
while (retriesLeft > 0 && sequence < REQUEST_COUNT) {
  // We send a request, then we work to get a reply
  const request = String(++sequence);
  await client.send(request);

  let expectReply = true;
  while (expectReply) {
    try {
      // We got a reply from the server, it must match our sequence
      const [reply] = await client.receive();
      if (Number(reply.toString()) === sequence) {
        console.log(`I: server replied OK (${reply.toString()})`);
        answered++;
        retriesLeft = REQUEST_RETRIES;
        expectReply = false;
      } else {
        console.log(`E: malformed reply from server: ${reply.toString()}`);
      }
    } catch (error) {
      // receiveTimeout ran out: no reply in time
      if ((error as ZmqError).code !== "EAGAIN") throw error;
      if (--retriesLeft === 0) {
        console.log("E: server seems to be offline, abandoning");
        break;
      }
      console.log("W: no response from server, retrying…");
      // Old socket is confused (REQ will not send twice); close it and
      // open a new one, then send the request again on it
      client.close();
      client = clientSocket();
      await client.send(request);
    }
  }
}
console.log(`I: ${answered} of ${sequence} requests answered`);
client.close();
