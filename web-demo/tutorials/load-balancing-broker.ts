// A load-balancing broker: clients talk to a frontend ROUTER, workers to a
// backend ROUTER. Workers announce themselves ("READY") and the broker hands
// each client request to a worker that is free, oldest first.
import { Request, Router } from "zeromq-wasm/browser";
import { sleep, type TutorialContext } from "./context.ts";

export default async function run({ log, signal }: TutorialContext) {
  const run = Math.random().toString(36).slice(2, 8);
  const frontendAt = `inproc://frontend-${run}`;
  const backendAt = `inproc://backend-${run}`;
  const workerCount = 3;
  const clientCount = 6;

  const frontend = new Router();
  const backend = new Router();
  const sockets: Array<Router | Request> = [frontend, backend];

  // A worker is a REQ: it says READY, then each reply it sends doubles as
  // "ready for the next one". Messages carry the client's address.
  async function worker(name: string) {
    const socket = new Request({ routingId: name });
    sockets.push(socket);
    socket.connect(backendAt);
    try {
      await socket.send("READY");
      for (;;) {
        const [client, empty, request] = await socket.receive();
        await sleep(10 + Math.random() * 30, signal); // pretend to work
        await socket.send([client, empty, `${request.toString()} handled by ${name}`]);
      }
    } catch {
      // closed at the end of the run
    }
  }

  // A client is a REQ that sends one request and waits for the answer.
  async function client(name: string) {
    const socket = new Request({ routingId: name, receiveTimeout: 5000 });
    sockets.push(socket);
    socket.connect(frontendAt);
    await socket.send(`request from ${name}`);
    const [reply] = await socket.receive();
    log(`${name}: ${reply.toString()}`);
  }

  try {
    await frontend.bind(frontendAt);
    await backend.bind(backendAt);

    const ready: string[] = []; // workers free to take a request, oldest first
    let wakeFrontend = () => {};
    let routed = 0;

    // Backend: a worker is READY or returns a reply, either way it is free
    // again; a reply goes back to its client through the frontend.
    const backendLoop = (async () => {
      for await (const [worker, , client, , reply] of backend) {
        ready.push(worker.toString());
        wakeFrontend();
        if (client.toString() !== "READY") {
          await frontend.send([client, "", reply]);
          if (++routed === clientCount) return;
        }
      }
    })();

    // Frontend: only read a client request when some worker is free.
    const frontendLoop = (async () => {
      for (let n = 0; n < clientCount && !signal.aborted; n++) {
        while (ready.length === 0) await new Promise<void>((resolve) => (wakeFrontend = resolve));
        const [client, , request] = await frontend.receive();
        await backend.send([ready.shift()!, "", client, "", request]);
      }
    })();

    const workers = Array.from({ length: workerCount }, (_, i) => worker(`worker-${i + 1}`));
    await Promise.all(Array.from({ length: clientCount }, (_, i) => client(`client-${i + 1}`)));
    await Promise.all([frontendLoop, backendLoop]);
    log(`broker: routed ${routed} requests from ${clientCount} clients to ${workerCount} workers`);
    for (const socket of sockets) socket.close();
    await Promise.all(workers);
  } finally {
    for (const socket of sockets) socket.close();
  }
}
