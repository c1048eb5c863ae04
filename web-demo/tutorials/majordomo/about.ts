import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "majordomo",
  title: "Majordomo (service-oriented broker)",
  chapter: "Chapter 4 - Reliable Request-Reply Patterns",
  where: "inproc",
  programs: [
    { file: "mdp.ts", role: "library", guideExample: false },
    { file: "mdcliapi.ts", role: "library" },
    { file: "mdwrkapi.ts", role: "library" },
    { file: "mdbroker.ts", role: "server" },
    { file: "mdworker.ts", role: "server" },
    { file: "mdclient.ts", role: "client" },
  ],
  explanation: `<p>Paranoid Pirate grown into a protocol (MDP): clients ask for a <em>service</em> by name, workers say which
      service they offer, and the broker keeps a queue of requests and of idle workers per service. Every frame starts with
      a header, <code>MDPC01</code> from clients and <code>MDPW01</code> from workers, followed on the worker side by a
      one-byte command: READY, REQUEST, REPLY, HEARTBEAT or DISCONNECT.</p>
      <p>As in the Guide, each half of the protocol is a small library (<code>mdcliapi.ts</code> and
      <code>mdwrkapi.ts</code>, with the constants in <code>mdp.ts</code>) that the programs import, so the applications
      themselves are a few lines: the worker echoes, the client sends ten
      requests to <code>echo</code>.</p>
      <p>Try it: stop <code>mdworker.ts</code> while the client runs. The broker keeps the request queued for the service,
      the client retries on a fresh socket, and when you start the worker again it registers and the queued request is
      answered. Stop <code>mdbroker.ts</code> and start it again: the worker notices the missing heartbeats and
      registers anew.</p>`,
  expect: "10 requests/replies processed",
};
export default tutorial;
