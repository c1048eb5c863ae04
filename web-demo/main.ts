// Smoke page until the demo lands: loads libzmq in the Worker host and
// runs an inproc request/reply inside it.
import { Reply, Request, ready, version } from "zeromq-wasm/browser";

const status = document.querySelector<HTMLElement>("[data-testid=status]")!;
try {
  await ready();
  const rep = new Reply();
  await rep.bind("inproc://hello");
  const req = new Request();
  req.connect("inproc://hello");
  await req.send("Hello");
  const [request] = await rep.receive();
  await rep.send(`${request.toString()}, World`);
  const [reply] = await req.receive();
  status.textContent = `libzmq ${await version()} says "${reply.toString()}"`;
} catch (error) {
  status.textContent = (error as Error).message;
}
