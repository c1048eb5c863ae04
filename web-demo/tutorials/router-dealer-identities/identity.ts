// Identities and the ROUTER socket: a ROUTER sees, in front of every
// message, a frame naming the peer it came from, and routes a reply back
// by putting that name in front again. An anonymous REQ gets an identity
// the ROUTER makes up; a REQ or DEALER can choose its own (routingId).
import { Dealer, Request, Router, type Frame } from "zeromq-wasm/browser";

// A frame's bytes as text or, when they are not printable, as hex.
function show(frame: Frame): string {
  const text = frame.toString();
  return /^[\x20-\x7e]*$/.test(text) ? text : frame.toString("hex");
}

// Prints one message frame by frame with each frame's size, as the
// Guide's s_dump does.
function dump(frames: Frame[]) {
  console.log("----------------------------------------");
  for (const frame of frames) console.log(`[${String(frame.length).padStart(3, "0")}] ${show(frame)}`);
}

const sink = new Router();
await sink.bind("inproc://example");

// First allow ZeroMQ to set the identity
const anonymous = new Request();
anonymous.connect("inproc://example");
await anonymous.send("ROUTER uses a generated 5 byte identity");
const fromAnonymous = await sink.receive();
dump(fromAnonymous);

// Then set the identity ourselves
const identified = new Request({ routingId: "PEER2" });
identified.connect("inproc://example");
await identified.send("ROUTER uses REQ's socket identity");
const fromIdentified = await sink.receive();
dump(fromIdentified);

// A DEALER sends its frames as they are: no empty delimiter.
const dealer = new Dealer({ routingId: "PEER3" });
dealer.connect("inproc://example");
await dealer.send("A DEALER adds no delimiter");
const fromDealer = await sink.receive();
dump(fromDealer);

// Replies: the same envelope (identity, and for a REQ the empty delimiter)
// in front of the body. The ROUTER takes the identity off and sends the
// rest to that peer.
for (const [identity, ...rest] of [fromAnonymous, fromIdentified, fromDealer]) {
  const envelope = rest.slice(0, -1);
  await sink.send([identity, ...envelope, `reply to ${show(identity)}`]);
}
for (const [peer, socket] of [["anonymous", anonymous], ["PEER2", identified], ["PEER3", dealer]] as const) {
  const [reply] = await socket.receive();
  console.log(`${peer} received: ${reply.toString()}`);
}

sink.close();
anonymous.close();
identified.close();
dealer.close();
