// Hello world: a Request socket on this page asks the demo's Reply server
// (a Node process, through the gateway) ten times, and prints each answer.
import { Request } from "zeromq-wasm/browser";
import type { TutorialContext } from "./context.ts";

export default async function run({ log, endpoints, signal }: TutorialContext) {
  const requester = new Request({ receiveTimeout: 5000 });
  requester.connect(endpoints.hello);
  try {
    for (let i = 0; i < 10 && !signal.aborted; i++) {
      await requester.send("Hello");
      const [reply] = await requester.receive();
      log(`request ${i}: sent "Hello", received "${reply.toString()}"`);
    }
    log("done: 10 replies");
  } finally {
    requester.close();
  }
}
