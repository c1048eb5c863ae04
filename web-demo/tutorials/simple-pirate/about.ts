import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "simple-pirate",
  title: "Simple Pirate (a queue between retrying clients and workers)",
  chapter: "Chapter 4 - Reliable Request-Reply Patterns",
  where: "inproc",
  programs: [
    { file: "spqueue.ts", role: "server" },
    { file: "spworker.ts", role: "server", instances: 2 },
    { file: "lpclient.ts", role: "client" },
  ],
  explanation: `<p>The Lazy Pirate client gets many servers instead of one: a queue stands between them, a plain
      load-balancing broker that hands each request to the worker idle longest. The queue adds no reliability of its own;
      the client's timeout and retry do all the work, and a retried request simply goes to whichever worker is free.</p>
      <p>Each worker misbehaves on schedule: on its third request it stalls for longer than the client waits, and on its
      fifth it crashes with the request in hand. Watch the client give up on a stalled or dead worker, resend on a fresh
      socket and get its answer from the other one, until both workers have crashed and the client abandons.</p>
      <p>Try it: start a stopped <code>spworker.ts</code> again while the client is retrying and the client carries on;
      stop <code>spqueue.ts</code> and every client and worker is cut off at once, which is this design's weak point.</p>`,
  expect: "after retrying",
};
export default tutorial;
