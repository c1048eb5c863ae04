// Multipart messages: several frames sent as one message. They arrive
// together or not at all, in the order sent, each with its own size.
import { Pull, Push } from "zeromq-wasm/browser";
import type { TutorialContext } from "./context.ts";

export default async function run({ log }: TutorialContext) {
  const address = `inproc://multipart-${Math.random().toString(36).slice(2, 8)}`;
  const sender = new Push();
  const receiver = new Pull({ receiveTimeout: 2000 });
  try {
    await sender.bind(address);
    receiver.connect(address);

    // Four frames: a key, an empty frame (the delimiter of later tutorials),
    // some text, and 1000 raw bytes.
    const payload = new Uint8Array(1000).map((_, i) => i % 256);
    const sent = ["order-42", "", "Hello, frames!", payload];
    await sender.send(sent);
    // A second message right behind it: messages never mix.
    await sender.send(["order-43", "", "Second message"]);

    const frames = await receiver.receive();
    log(`first message: ${frames.length} frames`);
    frames.forEach((frame, i) => {
      const preview = frame.length === 0 ? "(empty)" : frame.length > 20 ? "(binary: 0, 1, 2, ...)" : JSON.stringify(frame.toString());
      log(`  frame ${i}: ${frame.length} bytes ${preview}`);
    });
    const sizes = sent.map((frame) => (typeof frame === "string" ? new TextEncoder().encode(frame).length : frame.length));
    const same = frames.length === sent.length && frames.every((frame, i) => frame.length === sizes[i]);
    const bytesIntact = frames[3]?.every((byte, i) => byte === payload[i]);

    const second = await receiver.receive();
    log(`second message: ${second.length} frames: ${second.map((f) => JSON.stringify(f.toString())).join(", ")}`);

    if (same && bytesIntact) log(`all ${sent.length} frames arrived in one piece, in order, with the sizes sent`);
  } finally {
    sender.close();
    receiver.close();
  }
}
