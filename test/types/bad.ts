// Misuses the type checker must refuse (test/packaging/types.test.ts checks
// that each line marked "BAD TSnnnn" fails with that error, and no other line fails).
import { Dealer, Request, XPublisher } from "zeromq-wasm";
import { Server } from "zeromq-wasm/draft";

export async function misuse(): Promise<void> {
  const dealer = new Dealer({ linger: "forever" }); // BAD TS2322: option of the wrong type
  dealer.sendHighWaterMark = "1000"; // BAD TS2322: option property of the wrong type
  const request = new Request({ routingId: 42 }); // BAD TS2322: option of the wrong type
  await request.send(true); // BAD TS2345: sending a boolean (a number is a message, as in zeromq.js)
  await request.send(["a", {}]); // BAD TS2322: an object in a multipart message
  new Request({ noSuchOption: 1 }); // BAD TS2353: unknown option
  new Request().subscribe("x"); // BAD TS2339: a method of another socket type
  new Dealer({ mandatory: true }); // BAD TS2353: an option of another socket type
  new XPublisher().verbosity = true; // BAD TS2322: verbosity is null, "allSubs" or "allSubsUnsubs"
  await new Server().send("x"); // BAD TS2554: a Server's send needs the routingId
}
