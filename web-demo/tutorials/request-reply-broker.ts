// A request-reply broker with the built-in proxy: a ROUTER faces the
// clients, a DEALER faces the workers, and libzmq's proxy moves messages
// between them, both ways. Neither side knows the other's addresses.
import { Dealer, Proxy, Reply, Request, Router } from "zeromq-wasm/browser";
import type { TutorialContext } from "./context.ts";

export default async function run({ log, signal }: TutorialContext) {
  const run = Math.random().toString(36).slice(2, 8);
  const frontendAt = `inproc://frontend-${run}`;
  const backendAt = `inproc://backend-${run}`;

  const frontend = new Router();
  const backend = new Dealer();
  const sockets: Array<Router | Dealer | Request | Reply> = [frontend, backend];
  try {
    await frontend.bind(frontendAt);
    await backend.bind(backendAt);
    const proxy = new Proxy(frontend, backend);
    const proxying = proxy.run(); // runs until terminate()

    // Two REP workers: each answers whatever it is given.
    const workers = ["worker-1", "worker-2"].map(async (name) => {
      const socket = new Reply();
      sockets.push(socket);
      socket.connect(backendAt);
      for await (const [request] of socket) await socket.send(`${request.toString()} -> answered by ${name}`);
    });

    // Three REQ clients, two requests each. The DEALER spreads the requests
    // over the workers; the ROUTER sends each reply to the right client.
    let replies = 0;
    await Promise.all(
      ["client-1", "client-2", "client-3"].map(async (name) => {
        const socket = new Request({ receiveTimeout: 5000 });
        sockets.push(socket);
        socket.connect(frontendAt);
        for (let i = 1; i <= 2 && !signal.aborted; i++) {
          await socket.send(`${name} request ${i}`);
          const [reply] = await socket.receive();
          log(reply.toString());
          replies++;
        }
      }),
    );

    proxy.terminate();
    await proxying;
    log(`proxy stopped after ${replies} replies`);
    for (const socket of sockets) socket.close();
    await Promise.allSettled(workers);
  } finally {
    for (const socket of sockets) socket.close();
  }
}
