// A minimal app using the installed package (test/packaging/vite-app.test.ts):
// the Guide's hello world over inproc, inside the page's zeromq-wasm worker.
import * as bare from "zeromq-wasm";
import { Reply, Request, ready, version } from "zeromq-wasm/browser";

const out = document.getElementById("out");
(async () => {
  // The exports map's "browser" condition: a bare import is the page API too.
  if (bare.Request !== Request) throw new Error('"zeromq-wasm" did not resolve to the page API in a browser build');
  await ready();
  const server = new Reply();
  await server.bind("inproc://hello");
  const client = new Request();
  client.connect("inproc://hello");
  await client.send("Hello");
  const [request] = await server.receive();
  await server.send(`${request.toString()}, World`);
  const [reply] = await client.receive();
  // A page cannot listen on TCP: bind says so.
  const listener = new Reply();
  const bound = await listener.bind("tcp://127.0.0.1:5555").then(() => "bound", (error) => error.code);
  // The app's own worker, with libzmq inside it ("zeromq-wasm/worker").
  const own = new Worker(new URL("./app-worker.js", import.meta.url), { type: "module" });
  const inWorker = await new Promise((resolve, reject) => {
    own.onmessage = (event) => resolve(event.data);
    own.onerror = (event) => reject(new Error(`app worker: ${event.message}`));
  });
  own.terminate();
  out.textContent = `libzmq ${await version()}: ${reply.toString()}; tcp bind: ${bound}; ${inWorker}`;
  for (const socket of [client, server, listener]) socket.close();
})().catch((error) => {
  out.textContent = `error: ${error.message}`;
});
