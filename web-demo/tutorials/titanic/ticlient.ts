// Titanic client: hands an "echo" request to Titanic and keeps only its
// ticket (a UUID); then asks Titanic for the reply until there is one, and
// closes the ticket. The request does not need the echo service, or even
// Titanic, to be up at every moment: only at some moment.
import { Request, type ZmqError } from "zeromq-wasm/browser";

type Frame = Uint8Array;
const MDPC = "MDPC01";
const TIMEOUT = 2500; // msecs
const RETRIES = 3; // before we abandon

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The Majordomo client API, as in mdclient.ts.
class MajordomoClient {
  #socket!: Request;

  constructor(readonly broker: string) {
    this.#connect();
  }

  #connect() {
    this.#socket?.close();
    this.#socket = new Request({ sendTimeout: TIMEOUT, receiveTimeout: TIMEOUT, linger: 0 });
    this.#socket.connect(this.broker);
    console.log(`I: connecting to broker at ${this.broker}…`);
  }

  /** The service's reply, or undefined if it did not come in time. */
  async send(service: string, request: Array<string | Frame> | string): Promise<Frame[] | undefined> {
    for (let retriesLeft = RETRIES; retriesLeft > 0; retriesLeft--) {
      try {
        await this.#socket.send([MDPC, service, ...[request].flat()]);
        // ["MDPC01", service, ...body]
        const [header, replyService, ...body] = await this.#socket.receive();
        if (header.toString() !== MDPC || replyService.toString() !== service) throw new Error("unexpected reply");
        return body;
      } catch (error) {
        if ((error as ZmqError).code !== "EAGAIN") throw error;
      }
      console.log("W: no reply, reconnecting…");
      this.#connect();
    }
    console.log("W: permanent error, abandoning");
    return undefined;
  }

  close() {
    this.#socket.close();
  }
}

// Calls a Titanic service: its reply's body if the status is 200 (OK),
// undefined if 300 (pending) or if Titanic did not answer; stops the
// program on 400 (our mistake) or 500 (Titanic's).
async function serviceCall(session: MajordomoClient, service: string, request: string[]) {
  const reply = await session.send(service, request);
  if (!reply) return undefined;
  const [status, ...body] = reply;
  if (status.toString() === "200") return body;
  if (status.toString() === "400") throw new Error("client fatal error, aborting");
  if (status.toString() === "500") throw new Error("server fatal error, aborting");
  return undefined;
}

const session = new MajordomoClient("inproc://majordomo");

// 1. Send an "echo" request to Titanic.
const ticket = await serviceCall(session, "titanic.request", ["echo", "Hello world"]);
if (!ticket) throw new Error("Titanic did not take the request");
const uuid = ticket[0].toString();
console.log(`I: request UUID ${uuid}`);

// 2. Wait until there is a reply (the Guide checks every 5 s; 1 s here).
for (;;) {
  await sleep(100);
  const reply = await serviceCall(session, "titanic.reply", [uuid]);
  if (reply) {
    console.log(`Reply: ${reply.at(-1)!.toString()}`);
    // 3. Close the request.
    await serviceCall(session, "titanic.close", [uuid]);
    break;
  }
  console.log("I: no reply yet, trying again…");
  await sleep(1000);
}
session.close();
