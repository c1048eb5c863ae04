// Lazy Pirate: reliability on the client side. The demo's "flaky" server
// ignores every third request. The client waits a bounded time for each
// reply; on silence it throws its REQ socket away, opens a fresh one and
// sends the same request again, a few times before giving up.
import { Request, type ZmqError } from "zeromq-wasm/browser";
import type { TutorialContext } from "./context.ts";

export default async function run({ log, endpoints, signal }: TutorialContext) {
  const requestCount = 6;
  const maxRetries = 3;
  const timeoutMs = 1000;

  // linger 0: closing drops a request still waiting to go out.
  const connect = () => {
    const socket = new Request({ receiveTimeout: timeoutMs, linger: 0 });
    socket.connect(endpoints.flaky);
    return socket;
  };

  let client = connect();
  let answered = 0;
  let totalRetries = 0;
  try {
    for (let sequence = 1; sequence <= requestCount && !signal.aborted; sequence++) {
      for (let attempt = 0; ; attempt++) {
        await client.send(String(sequence));
        try {
          const [reply] = await client.receive();
          if (reply.toString() === String(sequence)) {
            log(`request ${sequence}: answered${attempt > 0 ? ` after ${attempt} ${attempt === 1 ? "retry" : "retries"}` : ""}`);
            answered++;
          } else {
            log(`request ${sequence}: odd reply "${reply.toString()}"`);
          }
          break;
        } catch (error) {
          if ((error as ZmqError).code !== "EAGAIN") throw error;
        }
        // No reply in time. A REQ that sent and got nothing back cannot send
        // again, so close it and start over with a new socket.
        client.close();
        client = connect();
        if (attempt === maxRetries || signal.aborted) {
          log(`request ${sequence}: no reply after ${maxRetries} retries, giving up`);
          break;
        }
        totalRetries++;
        log(`request ${sequence}: no reply within ${timeoutMs} ms, retrying with a new socket`);
      }
    }
    log(`${totalRetries} retries in all`);
    if (answered === requestCount) log(`all ${requestCount} requests answered`);
  } finally {
    client.close();
  }
}
