// Titanic client: hands an "echo" request to Titanic and keeps only its
// ticket (a UUID); then asks Titanic for the reply until there is one, and
// closes the ticket. The request does not need the echo service, or even
// Titanic, to be up at every moment: only at some moment.
import { MajordomoClient } from "../majordomo/mdcliapi.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
