import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "freelance",
  title: "Freelance (brokerless reliability)",
  chapter: "Chapter 4 - Reliable Request-Reply Patterns",
  where: "inproc",
  programs: [
    { file: "flserver1.ts", role: "server", instances: 3 },
    { file: "flclient1.ts", role: "client" },
  ],
  explanation: `<p>No broker this time: the client knows the addresses of three echo servers and copes with failures itself.
      This is the Guide's <em>Model One</em>: for each request it tries the servers in turn, each with a fresh
      <code>Request</code> socket and a time limit, and takes the first answer.</p>
      <p>Stop <code>flserver1.ts #1</code> while the client runs: each request now waits out a timeout on the first address,
      then the second server answers. Stop #2 as well and the third carries on; start them again and the client is back to the
      first at its next request, because every try dials afresh.</p>
      <p>Of the Guide's three models this one shows the idea most plainly, and fresh sockets per try suit a page where servers are
      stopped and started at will. Its cost is the timeout paid on every dead server; Model Two sends each request to all servers
      at once and keeps the first reply, Model Three keeps a ROUTER connection to each server and pings them to know which are
      alive.</p>`,
  expect: "Service is running OK: 12 of 12 requests answered",
};
export default tutorial;
