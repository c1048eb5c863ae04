// Majordomo worker: offers the "echo" service through the broker, with the
// Majordomo worker API (mdwrkapi.ts).
import { MajordomoWorker, type Frame } from "./mdwrkapi.ts";

const session = new MajordomoWorker("inproc://majordomo", "echo");
let reply: Frame[] | undefined;
for (;;) {
  const request = await session.receive(reply);
  reply = request; // echo is complex… :-)
}
