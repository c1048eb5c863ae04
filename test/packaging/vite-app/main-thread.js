// libzmq on the page's main thread (test/packaging/vite-app.test.ts):
// "zeromq-wasm/nothreads" in a page runs libzmq in the page itself, no
// Worker at all. The Guide's hello world over inproc, then a Request to a
// native REP through the gateway (both given in the page's query).
let workersStarted = 0;
const PageWorker = globalThis.Worker;
globalThis.Worker = class extends PageWorker {
  constructor(...args) {
    workersStarted++;
    super(...args);
  }
};

const out = document.getElementById("out");
const query = new URLSearchParams(location.search);
(async () => {
  const { Reply, Request, ready, version } = await import("zeromq-wasm/nothreads");
  await ready;
  const server = new Reply();
  await server.bind("inproc://hello");
  const client = new Request();
  client.connect("inproc://hello");
  await client.send("Hello");
  const [request] = await server.receive();
  await server.send(`${request.toString()}, World`);
  const [reply] = await client.receive();

  const remote = new Request({ receiveTimeout: 10_000 });
  remote.connect(query.get("rep"), { gateway: query.get("gateway") });
  await remote.send("Hello");
  const [echo] = await remote.receive();

  out.textContent = `libzmq ${version}: ${reply.toString()}; gateway: ${echo.toString()}; workers started: ${workersStarted}`;
  for (const socket of [client, server, remote]) socket.close();
})().catch((error) => {
  out.textContent = `error: ${error.message}`;
});
