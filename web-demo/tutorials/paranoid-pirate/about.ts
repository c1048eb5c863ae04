import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "paranoid-pirate",
  title: "Paranoid Pirate (heartbeating between queue and workers)",
  chapter: "Chapter 4 - Reliable Request-Reply Patterns",
  where: "inproc",
  programs: [
    { file: "ppqueue.ts", role: "server" },
    { file: "ppworker.ts", role: "server", instances: 2 },
    // The Lazy Pirate client of Simple Pirate: same queue address, same retries.
    { file: "../simple-pirate/lpclient.ts", role: "client" },
  ],
  explanation: `<p>Simple Pirate's queue cannot tell a dead worker from an idle one, and its workers cannot tell whether the
      queue is still there. Here both sides send heartbeats: the queue to each idle worker, each worker to the queue, a
      quarter of a second apart. Whoever misses three in a row treats the other as gone.</p>
      <p>Each worker gets stuck for a while after its third reply, silent while the queue counts it as idle. The queue
      drops it (<em>expired</em>); when the worker comes to, it no longer hears heartbeats, so it reconnects with a new
      socket and is back in the queue. A request that went to a stuck worker is answered late, after the client has
      retried; on its fifth request each worker crashes, and once both have, the client gives up.</p>
      <p>Try it: stop <code>ppqueue.ts</code> while the client runs: the workers report a heartbeat failure and reconnect,
      waiting longer each time; start the queue again and they come back on their own. Start a crashed worker again to
      keep the client going.</p>`,
  expect: "expired",
};
export default tutorial;
