import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "request-reply-broker",
  title: "Request-reply broker (Proxy)",
  chapter: "Chapter 2 - Sockets and Patterns",
  where: "inproc",
  programs: [
    { file: "msgqueue.ts", role: "server" },
    { file: "rrworker.ts", role: "server", instances: 2 },
    { file: "rrclient.ts", role: "client", instances: 2 },
  ],
  explanation: `<p>To let many clients and many workers meet without knowing each other, put a broker in the middle: a ROUTER for
      the clients and a DEALER for the workers. Both ends bind, so clients and workers can come and go.</p>
      <p>The forwarding loop is common enough that libzmq provides it: <code>new Proxy(frontend, backend)</code> and
      <code>await proxy.run()</code> move messages both ways until <code>terminate()</code> or until a socket closes. The
      ROUTER's identity frames ride along, so every reply finds its client; the DEALER spreads the requests over the two
      workers.</p>`,
  expect: "Received reply 9 [World]",
};
export default tutorial;
