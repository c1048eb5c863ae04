// Freelance client, Model One: for each request, try the servers one after
// the other, each with a fresh REQ socket and a time limit, and take the
// first answer. Simple, and it survives any server but the last; the price
// is one timeout per request for each dead server tried before a live one.
import { Request, type ZmqError } from "zeromq-wasm/browser";

const REQUEST_TIMEOUT = 400; // msecs (the Guide uses 1000)
const REQUESTS = 12;
const endpoints = ["inproc://flserver-1", "inproc://flserver-2", "inproc://flserver-3"];

// One attempt at one server: the reply, or undefined on silence. The socket
// is thrown away either way: a REQ that got no answer cannot send again.
async function tryRequest(endpoint: string, request: string): Promise<string | undefined> {
  const client = new Request({ sendTimeout: REQUEST_TIMEOUT, receiveTimeout: REQUEST_TIMEOUT, linger: 0 });
  client.connect(endpoint);
  try {
    await client.send(request);
    const [reply] = await client.receive();
    return reply.toString();
  } catch (error) {
    // EAGAIN on an open socket is a timeout; on a closed one, we are being
    // stopped.
    if ((error as ZmqError).code !== "EAGAIN" || client.closed) throw error;
    return undefined;
  } finally {
    client.close();
  }
}

let answered = 0;
for (let sequence = 1; sequence <= REQUESTS; sequence++) {
  for (const endpoint of endpoints) {
    const reply = await tryRequest(endpoint, `request ${sequence}`);
    if (reply !== undefined) {
      console.log(`I: ${endpoint} answered "${reply}"`);
      answered++;
      break;
    }
    console.log(`W: no response from ${endpoint}`);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
}
if (answered === REQUESTS) console.log(`Service is running OK: ${answered} of ${REQUESTS} requests answered`);
else console.log(`E: ${REQUESTS - answered} of ${REQUESTS} requests got no answer from any server`);
