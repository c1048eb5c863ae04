// Majordomo client: asks the "echo" service, by name, to answer ten
// requests, through the Majordomo client API (mdcliapi.ts).
import { MajordomoClient } from "./mdcliapi.ts";

const session = new MajordomoClient("inproc://majordomo");
let count = 0;
for (; count < 10; count++) {
  const reply = await session.send("echo", `Hello world ${count + 1}`);
  if (!reply) break; // interrupted or failed
  console.log(`I: ${reply[0].toString()}`);
  await new Promise((resolve) => setTimeout(resolve, 300));
}
console.log(`${count} requests/replies processed`);
session.close();
