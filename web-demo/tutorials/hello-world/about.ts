import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "hello-world",
  title: "Hello world (REQ/REP)",
  chapter: "Chapter 1 - Basics",
  where: "gateway",
  programs: [{ file: "hwclient.ts", role: "client" }],
  services: [{ endpoint: "hello", file: "services/hello-server.ts", example: "hwserver" }],
  explanation: `<p>The smallest useful ZeroMQ program: a <code>Request</code> socket sends "Hello" and waits; the demo's
      <code>Reply</code> server (a Node process using zeromq-wasm, bound on port 5555) answers "World".</p>
      <p>REQ and REP keep a strict rhythm: send, receive, send, receive. Sending twice in a row is an error, which is what
      makes this pair easy to reason about and, as later tutorials show, fragile when a server disappears.</p>
      <p>The page's socket lives in a Web Worker running the real libzmq; its TCP connection is a WebSocket to the
      gateway, which pipes the bytes to the server. The server cannot tell it from a native client.</p>`,
  expect: "Received World 9",
};
export default tutorial;
