import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "multiple-sockets",
  title: "Reading from multiple sockets",
  chapter: "Chapter 2 - Sockets and Patterns",
  where: "gateway",
  programs: [
    { file: "../divide-and-conquer/taskvent.ts", role: "client" },
    { file: "mspoller.ts", role: "client" },
  ],
  services: [{ endpoint: "weather", file: "services/weather-server.ts", example: "wuserver" }],
  explanation: `<p>A program often listens on several sockets at once: here the divide-and-conquer ventilator's tasks (PULL, over
      <code>inproc://</code>) and the demo's weather feed (SUB, port 5556). C code waits on both with <code>zmq_poll</code>; in
      JavaScript every receive is just a Promise, so each socket gets its own loop and both loops run side by side.</p>
      <p>The output shows tasks and weather updates interleaved in the order they arrived: while a task "works", weather
      updates keep coming in, and neither socket blocks the other.</p>`,
  expect: "Processed 100 tasks and",
};
export default tutorial;
