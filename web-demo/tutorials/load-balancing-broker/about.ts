import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "load-balancing-broker",
  title: "Load-balancing broker",
  chapter: "Chapter 3 - Advanced Request-Reply Patterns",
  where: "inproc",
  programs: [
    { file: "lbbroker.ts", role: "client" },
    { file: "lbworker.ts", role: "server", instances: 3 },
    { file: "lbclient.ts", role: "client", instances: 6 },
  ],
  explanation: `<p>Clients (REQ) connect to the broker's frontend ROUTER, workers (REQ too) to its backend ROUTER. A worker starts by
      sending "READY", and every reply it sends also says it is free again. The broker keeps a queue of free workers.</p>
      <p>The broker takes a client request only while some worker is free, and passes it to the one that has waited longest,
      with the client's identity inside the message. The worker's reply carries that identity back, and the broker forwards it
      to the right client. Here six clients share three workers.</p>
      <p>Unlike plain round-robin, a slow worker never collects a backlog: it only gets work when it asks for it.</p>`,
  expect: "Routed 6 requests, every client has its reply",
};
export default tutorial;
