import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "kill-signalling",
  title: "Handling a kill signal",
  chapter: "Chapter 2 - Sockets and Patterns",
  where: "inproc",
  programs: [
    { file: "../divide-and-conquer/taskvent.ts", role: "client" },
    { file: "taskwork2.ts", role: "client", instances: 3 },
    { file: "tasksink2.ts", role: "client" },
  ],
  explanation: `<p>The divide-and-conquer pipeline has no natural end: workers wait for tasks forever. Here the sink, once it has
      every result, publishes "KILL" on a separate control channel (PUB), and every worker subscribes to it (SUB).</p>
      <p>Each worker keeps one receive pending on its task socket and one on the control socket, and reacts to whichever
      completes first (<code>Promise.race</code>), as the Guide's worker does with <code>zmq_poll</code>. On KILL it leaves its
      loop and ends, so this run is over once the sink and all three workers have ended by themselves.</p>`,
  expect: "Got KILL after",
};
export default tutorial;
