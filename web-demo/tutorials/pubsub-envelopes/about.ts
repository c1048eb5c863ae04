import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "pubsub-envelopes",
  title: "Pub-sub message envelopes",
  chapter: "Chapter 2 - Sockets and Patterns",
  where: "inproc",
  programs: [
    { file: "psenvpub.ts", role: "server" },
    { file: "psenvsub.ts", role: "client" },
  ],
  explanation: `<p>Putting the key in a frame of its own, <code>[key, content]</code>, keeps filtering clean: the subscription
      prefix is matched against the first frame only, so a key can never be confused with the start of the content.</p>
      <p>The publisher sends two kinds of messages, keyed "A" and "B"; the subscriber wants "B" only, and every envelope it prints
      says so. The "A" messages never reach it.</p>`,
  expect: "[B] We would like to see this",
};
export default tutorial;
