import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "black-box",
  title: "Black Box (high-speed subscriber)",
  chapter: "Chapter 5 - Advanced Pub-Sub Patterns",
  where: "inproc",
  programs: [
    { file: "publisher.ts", role: "server" },
    { file: "worker.ts", role: "server", instances: 3 },
    { file: "subscriber.ts", role: "client" },
  ],
  explanation: `<p>A feed that publishes as fast as it can will overrun any subscriber that does real work on each message:
      the publisher's queue fills and messages are dropped. The Black Box pattern keeps the subscriber's own loop tiny, receive
      and pass on, and gives the work to several workers over <code>inproc://</code> <code>Push</code>/<code>Pull</code>, which in
      the Guide are threads of the same process, one per core.</p>
      <p>Here the subscriber takes 6,000 messages and <code>Push</code> deals them out in turn, so each of the three workers
      gets a third. The subscriber prints how many messages the feed sent that it missed, each worker prints how many it
      processed, and the totals must add up. The workers' work is simulated by a short pause every 100 messages; they pause at
      the same time, which is where several workers beat one.</p>
      <p>Stop a worker while the run goes on: its unprocessed share is lost with it, the others take the rest, and the total
      comes out short. Make the workers' pause longer: the subscriber still keeps up with the feed while the workers' queues
      grow. Move the pause into the subscriber's loop instead, and watch it miss messages from the feed.</p>`,
  expect: "I: in total 6000 of 6000 messages processed by 3 workers",
};
export default tutorial;
