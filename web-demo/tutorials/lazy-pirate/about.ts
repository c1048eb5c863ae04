import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "lazy-pirate",
  title: "Lazy Pirate (client-side reliability)",
  chapter: "Chapter 4 - Reliable Request-Reply Patterns",
  where: "gateway",
  programs: [{ file: "lpclient.ts", role: "client" }],
  services: [{ endpoint: "flaky", file: "services/flaky-server.ts", example: "lpserver" }],
  explanation: `<p>The demo's flaky server on port 5559 silently drops some of the requests it receives, as an overloaded or crashed
      server would. A plain REQ client would wait forever.</p>
      <p>The Lazy Pirate client sets a <code>receiveTimeout</code>. When no reply comes in time, it cannot simply send again, since
      REQ insists on send, receive, send. So it closes the socket, opens a new one and resends the same request, giving up
      after a few tries.</p>
      <p>The requests carry a sequence number, and the client checks that each reply matches the request it sent. Its last
      line counts the requests that were answered.</p>`,
  // The client's closing summary: printed however many requests the server
  // dropped, also when the client abandons a request.
  expect: "requests answered",
};
export default tutorial;
