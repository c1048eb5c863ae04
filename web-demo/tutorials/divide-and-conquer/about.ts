import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "divide-and-conquer",
  title: "Divide and conquer (PUSH/PULL pipeline)",
  chapter: "Chapter 1 - Basics",
  where: "inproc",
  programs: [
    { file: "taskvent.ts", role: "client" },
    { file: "taskwork.ts", role: "server", instances: 3 },
    { file: "tasksink.ts", role: "client" },
  ],
  explanation: `<p>A pipeline in three stages: a <em>ventilator</em> <code>Push</code>es tasks, workers <code>Pull</code> them and
      push results on, and a <em>sink</em> pulls the results in. All three programs run on this page over <code>inproc://</code>,
      three copies of the worker among them.</p>
      <p>PUSH hands each message to exactly one connected peer, taking turns, so the work fans out; PULL takes messages from all
      its peers fairly, so the results fan back in. Three workers finish the batch in about a third of its total cost; stop
      a worker while it runs and watch the others take its share.</p>
      <p>The workers must be connected before the first task goes out; a worker that joined later would miss its share of the
      earlier tasks.</p>`,
  expect: "Total elapsed time",
};
export default tutorial;
