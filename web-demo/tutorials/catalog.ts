/**
 * The in-browser ZeroMQ Guide tutorials: one entry per tutorial, and a
 * module <id>.ts beside this file whose default export runs it (see
 * load.ts). Plain data, so the tests read it too.
 */
export interface Tutorial {
  id: string;
  title: string;
  /** inproc: entirely inside the page's worker; gateway: talks to a demo
   * service through the gateway. */
  where: "inproc" | "gateway";
  /** Short explanation (HTML, our own words). */
  explanation: string;
  /** Text the output log ends up containing when the run went right (the
   * tests check it). */
  expect: string;
}

export const tutorials: Tutorial[] = [
  {
    id: "hello-world",
    title: "Hello world (REQ/REP)",
    where: "gateway",
    explanation: `<p>The smallest useful ZeroMQ program: a <code>Request</code> socket sends "Hello" and waits; the demo's
      <code>Reply</code> server (a Node process using zeromq-wasm, bound on <code>tcp://127.0.0.1:5555</code>) answers "World".</p>
      <p>REQ and REP keep a strict rhythm: send, receive, send, receive. Sending twice in a row is an error, which is what
      makes this pair easy to reason about and, as later tutorials show, fragile when a server disappears.</p>
      <p>The page's socket lives in a Web Worker running the real libzmq; its TCP connection is a WebSocket to the
      gateway, which pipes the bytes to the server. The server cannot tell it from a native client.</p>`,
    expect: "done: 10 replies",
  },
];

