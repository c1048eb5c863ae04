// Identities and the ROUTER socket: a ROUTER sees, in front of every
// message, a frame naming the peer it came from, and sends a reply back
// to a peer by putting that name in front again.
import { Dealer, Request, Router, type Frame } from "zeromq-wasm/browser";
import type { TutorialContext } from "./context.ts";

// Shows a frame as text, or as hex when it is not printable.
function show(frame: Frame): string {
  const text = frame.toString();
  if (/^[\x20-\x7e]*$/.test(text)) return JSON.stringify(text);
  return "0x" + Array.from(frame, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export default async function run({ log }: TutorialContext) {
  const address = `inproc://identities-${Math.random().toString(36).slice(2, 8)}`;
  const router = new Router({ receiveTimeout: 2000 });
  // Two peers choose their names; the third lets the ROUTER make one up.
  const dealer = new Dealer({ routingId: "dealer-A", receiveTimeout: 2000 });
  const request = new Request({ routingId: "req-B", receiveTimeout: 2000 });
  const anonymous = new Request({ receiveTimeout: 2000 });
  const peers = [dealer, request, anonymous];
  try {
    await router.bind(address);
    for (const peer of peers) peer.connect(address);

    // A DEALER sends its frames as they are; a REQ adds an empty delimiter.
    await dealer.send("hello from the dealer");
    await request.send("hello from a named REQ");
    await anonymous.send("hello from an anonymous REQ");

    for (let i = 0; i < peers.length; i++) {
      const [identity, ...rest] = await router.receive();
      log(`router received: [${[identity, ...rest].map(show).join(", ")}]`);
      // Reply with the same envelope: identity, then (for REQ) the empty
      // delimiter, then the body. The ROUTER strips the identity frame.
      const envelope = rest.slice(0, -1);
      await router.send([identity, ...envelope, `reply for ${show(identity)}`]);
    }

    let correct = 0;
    const names = ["dealer-A", "req-B", "anonymous"];
    for (let i = 0; i < peers.length; i++) {
      const [body] = await peers[i].receive();
      log(`${names[i]} received: "${body.toString()}"`);
      const expected = names[i] === "anonymous" ? /reply for 0x/ : new RegExp(`reply for "${names[i]}"`);
      if (expected.test(body.toString())) correct++;
    }
    if (correct === peers.length) log("every peer got its own reply, routed by identity");
  } finally {
    router.close();
    for (const peer of peers) peer.close();
  }
}
