// Binary Star client: the Lazy Pirate's retry loop with two servers. When a
// request goes unanswered it drops its socket, waits for the servers to
// settle (the backup must notice the primary's silence first) and tries the
// other server.
import { Request, type ZmqError } from "zeromq-wasm/browser";

const REQUEST_TIMEOUT = 500; // msecs (the Guide uses 1000)
const SETTLE_DELAY = 600; // msecs: longer than two of the servers' heartbeats
const REQUESTS = 15;

const server = ["inproc://bstar-primary", "inproc://bstar-backup"];
let serverNbr = 0;

// A send can time out too: over inproc:// a stopped server leaves the socket
// with nobody to send to.
function connect() {
  console.log(`I: connecting to server at ${server[serverNbr]}…`);
  const socket = new Request({ sendTimeout: REQUEST_TIMEOUT, receiveTimeout: REQUEST_TIMEOUT, linger: 0 });
  socket.connect(server[serverNbr]);
  return socket;
}

let client = connect();
for (let sequence = 1; sequence <= REQUESTS; sequence++) {
  for (;;) {
    try {
      await client.send(String(sequence));
      const [reply] = await client.receive();
      if (reply.toString() === String(sequence)) console.log(`I: server replied OK (${sequence})`);
      else console.log(`E: bad reply from server: ${reply.toString()}`);
      break;
    } catch (error) {
      // EAGAIN on an open socket is a timeout; on a closed one, we are
      // being stopped.
      if ((error as ZmqError).code !== "EAGAIN" || client.closed) throw error;
    }
    console.log("W: no response from server, failing over");
    client.close();
    serverNbr = (serverNbr + 1) % server.length;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_DELAY));
    client = connect();
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
client.close();
