import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "node-coordination",
  title: "Node coordination (synchronized pub/sub)",
  chapter: "Chapter 2 - Sockets and Patterns",
  where: "inproc",
  programs: [
    { file: "syncpub.ts", role: "client" },
    { file: "syncsub.ts", role: "client", instances: 3 },
  ],
  explanation: `<p>A publisher that starts sending before its subscribers are connected loses the first messages: pub/sub does not
      wait. When every message matters, add a second channel for coordination.</p>
      <p>Here each subscriber connects and subscribes, then sends a request over REQ to the publisher's REP socket. The publisher
      answers each one and starts publishing only after it has heard from all three, then ends the stream with "END".
      Every subscriber counts the updates it got: all 1000 of them.</p>`,
  expect: "Received 1000 updates",
};
export default tutorial;
