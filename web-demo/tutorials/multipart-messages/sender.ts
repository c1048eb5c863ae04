// Sends multipart messages: several frames sent as one message, which
// arrive together or not at all, in the order sent, each with its size.
import { Push } from "zeromq-wasm/browser";

const sender = new Push();
await sender.bind("inproc://multipart");

// Four frames: a key, an empty frame (the delimiter REQ and ROUTER use in
// later tutorials), some text, and 1000 raw bytes.
const payload = new Uint8Array(1000).map((_, i) => i % 256);
await sender.send(["order-42", "", "Hello, frames!", payload]);
// A second message right behind the first: messages never mix.
await sender.send(["order-43", "", "Second message"]);
console.log("Sent 2 messages");
sender.close();
