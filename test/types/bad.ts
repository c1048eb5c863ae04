// Misuses the type checker must refuse (test/packaging/types.test.ts checks
// that each line marked "BAD TSnnnn" fails with that error, and no other line fails).
import { Dealer, Request } from "zeromq-wasm";
import { Server } from "zeromq-wasm/draft";

export async function misuse(): Promise<void> {
  const dealer = new Dealer({ linger: "forever" }); // BAD TS2322: option of the wrong type
  dealer.sendHighWaterMark = "1000"; // BAD TS2322: option property of the wrong type
  const request = new Request({ routingId: 42 }); // BAD TS2322: option of the wrong type
  await request.send(42); // BAD TS2345: sending a number
  await request.send(["a", 42]); // BAD TS2322: a number in a multipart message
  new Request({ noSuchOption: 1 }); // BAD TS2353: unknown option
  new Request().subscribe("x"); // BAD TS2339: a method of another socket type
  await new Server().send("x"); // BAD TS2554: a Server's send needs the routingId
}
