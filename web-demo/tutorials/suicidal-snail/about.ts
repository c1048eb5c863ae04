import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "suicidal-snail",
  title: "Suicidal Snail (detecting a slow subscriber)",
  chapter: "Chapter 5 - Advanced Pub-Sub Patterns",
  where: "inproc",
  programs: [
    { file: "suisnail-publisher.ts", role: "server" },
    { file: "suisnail-subscriber.ts", role: "client" },
  ],
  explanation: `<p>A publisher cannot slow down for one subscriber, and a subscriber that falls behind silently ends up
      acting on old data (or the queues overflow and it loses messages without knowing). The Guide's answer for a subscriber
      that must not work on stale data: notice it and stop, loudly.</p>
      <p>The publisher sends its clock every 5 ms. The subscriber compares each message's time with its own clock. Most
      messages take it a millisecond, but one in ten takes 100 ms: on average it is twice as slow as the publisher, so the backlog
      grows, a little with every slow message, until it reads a message more than a second old. Then it prints an error and exits; in a real system something would restart it or
      raise an alarm.</p>
      <p>Try raising <code>MAX_ALLOWED_DELAY</code>, or making the slow messages rarer (one in fifty): the subscriber then keeps
      up and the run goes on until you stop it.</p>`,
  expect: "E: subscriber cannot keep up, aborting",
};
export default tutorial;
