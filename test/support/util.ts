/** Small helpers shared by the Node tests (see harness.ts for the ones a
 * page runs too). */
import type { Socket } from "../../dist/index.js";

export { eventually, inproc, Sockets, sleep, text, within } from "./harness.ts";

/** Binds to a free loopback port and returns the endpoint to connect to. */
export async function bindAny(socket: Socket): Promise<string> {
  await socket.bind("tcp://127.0.0.1:*");
  return socket.lastEndpoint!;
}
