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
  {
    id: "weather-updates",
    title: "Weather updates (PUB/SUB with a filter)",
    where: "gateway",
    explanation: `<p>The demo server publishes a stream of weather readings, "&lt;zip&gt; &lt;temperature&gt; &lt;humidity&gt; &lt;time&gt;",
      for five cities. A <code>Subscriber</code> on this page connects to it and subscribes to one zip code only.</p>
      <p>A subscription is a byte prefix: the subscriber tells the publisher which prefixes it wants, and messages that match
      none of them never reach the page. Without any subscription a SUB socket receives nothing at all.</p>
      <p>Publishing is one-way and fire-and-forget: the publisher does not know who listens, and a subscriber that joins late
      simply starts with whatever is sent next.</p>`,
    expect: "average temperature for zip 10001",
  },
  {
    id: "divide-and-conquer",
    title: "Divide and conquer (PUSH/PULL pipeline)",
    where: "inproc",
    explanation: `<p>A pipeline in three stages: a <em>ventilator</em> <code>Push</code>es tasks, three workers <code>Pull</code> them and
      push results on, and a <em>sink</em> pulls the results in. Everything runs on this page over <code>inproc://</code>.</p>
      <p>PUSH hands each message to exactly one connected peer, taking turns, so the work fans out; PULL takes messages from all
      its peers fairly, so the results fan back in. Add workers and the same work finishes sooner.</p>
      <p>The workers are connected before the first task goes out; a worker that joined later would miss its share of the
      earlier tasks.</p>`,
    expect: "sink: 30 of 30 results collected",
  },
  {
    id: "multiple-sockets",
    title: "Reading from multiple sockets",
    where: "inproc",
    explanation: `<p>A program often listens on several sockets at once, here a task queue (PULL) and a weather feed (SUB). C code
      uses <code>zmq_poll</code> for that; in JavaScript each socket gets its own <code>for await</code> loop and both loops run
      side by side, since every receive is just a Promise.</p>
      <p>The log shows tasks and weather updates interleaved in the order they arrived, with neither socket blocking the other.</p>`,
    expect: "read 5 tasks and 5 weather updates",
  },
  {
    id: "kill-signalling",
    title: "Handling a kill signal",
    where: "inproc",
    explanation: `<p>The divide-and-conquer pipeline has no natural end: workers wait for tasks forever. Here the sink, once it has
      every result, publishes "KILL" on a separate control channel (PUB), and every worker subscribes to it (SUB).</p>
      <p>Each worker keeps one receive pending on its task socket and one on the control socket, and reacts to whichever
      completes first (<code>Promise.race</code>). On KILL it leaves its loop, and the run closes every socket.</p>`,
    expect: "all 3 workers stopped",
  },
  {
    id: "node-coordination",
    title: "Node coordination (synchronized pub/sub)",
    where: "inproc",
    explanation: `<p>A publisher that starts sending before its subscribers are connected loses the first messages: pub/sub does not
      wait. When every message matters, add a second channel for coordination.</p>
      <p>Here each subscriber connects and subscribes, then sends "ready" over REQ to the publisher's REP socket. The publisher
      answers each one and starts publishing only after it has heard from all three, then ends the stream with "END".
      Every subscriber counts the updates it got.</p>`,
    expect: "all 3 subscribers received all 100 updates",
  },
  {
    id: "pubsub-envelopes",
    title: "Pub-sub message envelopes",
    where: "inproc",
    explanation: `<p>Putting the key in a frame of its own, <code>[key, content]</code>, keeps filtering clean: the subscription
      prefix is matched against the first frame only, so a key can never be confused with the start of the content.</p>
      <p>One subscriber wants key "A", the other key "B". The publisher sends both kinds; each subscriber checks that every
      envelope it received carries its own key.</p>`,
    expect: "subscriber B got only B messages",
  },
  {
    id: "multipart-messages",
    title: "Multipart messages",
    where: "inproc",
    explanation: `<p>A message can have several frames. <code>send([...])</code> sends them as one message, and
      <code>receive()</code> returns them as an array: all of them or none, in the order they were sent.</p>
      <p>Frames may be empty (an empty frame is the delimiter that REQ and ROUTER use later) or hold any bytes; each keeps its
      own length. A second message sent right behind the first is never mixed into it.</p>`,
    expect: "all 4 frames arrived in one piece, in order, with the sizes sent",
  },
  {
    id: "router-dealer-identities",
    title: "ROUTER and identities",
    where: "inproc",
    explanation: `<p>A <code>Router</code> talks to many peers and has to know which one a message came from. It prefixes every
      incoming message with a frame holding the peer's identity, and when it sends, it removes the first frame and delivers
      the rest to the peer with that identity.</p>
      <p>Peers can pick their identity with the <code>routingId</code> option; otherwise the ROUTER makes up a binary one. A REQ
      peer also adds an empty delimiter frame before its body, which the reply must keep so the REQ accepts it.</p>`,
    expect: "every peer got its own reply, routed by identity",
  },
  {
    id: "load-balancing-broker",
    title: "Load-balancing broker",
    where: "inproc",
    explanation: `<p>Clients (REQ) connect to the broker's frontend ROUTER, workers (REQ too) to its backend ROUTER. A worker starts by
      sending "READY", and every reply it sends also says it is free again. The broker keeps a queue of free workers.</p>
      <p>The broker reads a client request only while some worker is free, and passes it to the one that has waited longest,
      with the client's identity inside the message. The worker's reply carries that identity back, and the broker forwards it
      to the right client.</p>
      <p>Unlike plain round-robin, a slow worker never collects a backlog: it only gets work when it asks for it.</p>`,
    expect: "broker: routed 6 requests from 6 clients to 3 workers",
  },
  {
    id: "request-reply-broker",
    title: "Request-reply broker (Proxy)",
    where: "inproc",
    explanation: `<p>To let many clients and many workers meet without knowing each other, put a broker in the middle: a ROUTER for
      the clients and a DEALER for the workers. Both ends bind, so clients and workers can come and go.</p>
      <p>The forwarding loop is common enough that libzmq provides it: <code>new Proxy(frontend, backend)</code> and
      <code>await proxy.run()</code> move messages both ways until <code>terminate()</code>. The ROUTER's identity frames ride
      along, so every reply finds its client.</p>`,
    expect: "proxy stopped after 6 replies",
  },
  {
    id: "lazy-pirate",
    title: "Lazy Pirate (client-side reliability)",
    where: "gateway",
    explanation: `<p>The demo's flaky server silently drops every third request it receives. A plain REQ client would wait forever.</p>
      <p>The Lazy Pirate client sets a <code>receiveTimeout</code>. When no reply comes in time, it cannot simply send again, since
      REQ insists on send, receive, send. So it closes the socket, opens a new one and resends the same request, giving up
      after a few tries.</p>
      <p>The requests carry a sequence number, and the client checks that each reply matches the request it sent.</p>`,
    expect: "all 6 requests answered",
  },
  {
    id: "clone-pattern",
    title: "Clone pattern (snapshot + updates)",
    where: "gateway",
    explanation: `<p>The ticker service keeps a key-value state (symbol to price) and publishes every change with a sequence number. A
      newcomer needs the current state, not just the changes from now on.</p>
      <p>The client first subscribes to the updates and waits until one arrives, so it cannot miss later changes. Then it asks
      the snapshot ROUTER for the whole state with "ICANHAZ?" over a DEALER, reading key-value messages until "KTHXBAI",
      which carries the snapshot's sequence number.</p>
      <p>Updates that queued up meanwhile and are not newer than the snapshot are already part of it and get skipped; the rest
      are applied in order.</p>`,
    expect: "applied 20 updates newer than the snapshot",
  },
];

