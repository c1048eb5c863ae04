// Receives multipart messages and dumps each frame with its size, as the
// Guide's s_dump helper does: text as text, other bytes as hex.
import { Pull } from "zeromq-wasm/browser";

const receiver = new Pull();
receiver.connect("inproc://multipart");

for (let messageNbr = 0; messageNbr < 2; messageNbr++) {
  // receive() gives every frame of one message, or waits.
  const frames = await receiver.receive();
  console.log("----------------------------------------");
  let bytes = 0;
  for (const frame of frames) {
    const text = frame.toString();
    const printable = /^[\x20-\x7e]*$/.test(text);
    const shown = printable ? text : `${frame.toString("hex").slice(0, 32)}…`;
    console.log(`[${String(frame.length).padStart(3, "0")}] ${shown}`);
    bytes += frame.length;
  }
  console.log(`(${frames.length} frames, ${bytes} bytes)`);
}
receiver.close();
