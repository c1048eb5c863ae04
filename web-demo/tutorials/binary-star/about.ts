import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "binary-star",
  title: "Binary Star (primary-backup failover)",
  chapter: "Chapter 4 - Reliable Request-Reply Patterns",
  where: "inproc",
  programs: [
    { file: "bstarsrv.ts", role: "server", instances: 2 },
    { file: "bstarcli.ts", role: "client" },
  ],
  explanation: `<p>Two servers, a primary and a backup, tell each other their state several times a second over
      <code>Publisher</code>/<code>Subscriber</code>. The primary sees the backup and becomes <em>active</em>; the backup sees an
      active primary and becomes <em>passive</em>. Only the active one answers the client, which is the Lazy Pirate client with
      two addresses: when a request goes unanswered it waits a moment and tries the other server.</p>
      <p>Stop <code>bstarsrv.ts #1</code> (the primary) while the client runs. The client times out and moves to the backup; the
      backup has stopped hearing the primary and now a client is asking it, so it takes over ("failover successful"). It takes
      both conditions: a backup that merely lost sight of the primary, while clients still reach it, stays passive, so the two
      never both serve. Start #1 again: it hears an active backup and becomes passive itself.</p>
      <p>The Guide starts the server twice with <code>-p</code> or <code>-b</code>. Here both copies run the same file: the first
      copy finds the primary's address free and takes that role, the second finds it taken and becomes the backup.</p>`,
  expect: "I: connected to backup (passive), ready active",
};
export default tutorial;
