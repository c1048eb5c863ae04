import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "multipart-messages",
  title: "Multipart messages",
  chapter: "Chapter 2 - Sockets and Patterns",
  where: "inproc",
  programs: [
    { file: "sender.ts", role: "client" },
    { file: "dump.ts", role: "client" },
  ],
  explanation: `<p>A message can have several frames. <code>send([...])</code> sends them as one message, and
      <code>receive()</code> returns them as an array: all of them or none, in the order they were sent.</p>
      <p>Frames may be empty (an empty frame is the delimiter that REQ and ROUTER use later) or hold any bytes; each keeps its
      own length. The dump prints every frame with its size, as the Guide's <code>s_dump</code> does; the second message,
      sent right behind the first, is never mixed into it.</p>`,
  expect: "(4 frames, 1022 bytes)",
};
export default tutorial;
