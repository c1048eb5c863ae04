import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "titanic",
  title: "Titanic (disconnected reliability)",
  chapter: "Chapter 4 - Reliable Request-Reply Patterns",
  where: "inproc",
  // Titanic keeps requests and replies in IndexedDB: it runs in a page only.
  needs: "browser",
  programs: [
    { file: "../majordomo/mdp.ts", role: "library", guideExample: false },
    { file: "../majordomo/mdcliapi.ts", role: "library" },
    { file: "../majordomo/mdwrkapi.ts", role: "library" },
    { file: "../majordomo/mdbroker.ts", role: "server" },
    { file: "../majordomo/mdworker.ts", role: "server" },
    { file: "titanic.ts", role: "server" },
    { file: "ticlient.ts", role: "client" },
  ],
  explanation: `<p>Majordomo's client and worker must both be up while a request is answered. Titanic lifts that: it sits
      beside the broker as a worker for <code>titanic.request</code>, <code>titanic.reply</code> and
      <code>titanic.close</code>, and as a client of every other service. The client hands over its request, gets a ticket
      (a UUID) back, and may go away; Titanic passes the request on whenever the service has workers and keeps the reply
      until the client collects it and closes the ticket.</p>
      <p>Everything Titanic holds is written to this page's IndexedDB before it answers, as the Guide writes it to disk,
      so stopping and starting Titanic loses nothing. The broker and the echo worker are the Majordomo tutorial's own
      programs.</p>
      <p>Try it: stop <code>mdworker.ts</code> right after starting: the client keeps hearing "no reply yet" while its
      request waits in the queue; start the worker again and the reply arrives. Or stop <code>titanic.ts</code> while the
      request waits and start it again: it picks the request up from IndexedDB.</p>`,
  expect: "Reply: Hello world",
};
export default tutorial;
