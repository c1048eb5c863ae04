import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "router-dealer-identities",
  title: "ROUTER and identities",
  chapter: "Chapter 3 - Advanced Request-Reply Patterns",
  where: "inproc",
  programs: [{ file: "identity.ts", role: "client" }],
  explanation: `<p>A <code>Router</code> talks to many peers and has to know which one a message came from. It prefixes every
      incoming message with a frame holding the peer's identity, and when it sends, it removes the first frame and delivers
      the rest to the peer with that identity.</p>
      <p>Peers can pick their identity with the <code>routingId</code> option; otherwise the ROUTER makes up a binary one (shown
      in hex). A REQ peer also adds an empty delimiter frame before its body, which the reply must keep so the REQ accepts it;
      a DEALER adds nothing.</p>`,
  expect: "PEER2 received: reply to PEER2",
};
export default tutorial;
