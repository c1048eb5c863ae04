/**
 * libzmq's proxy (zmq_proxy_steerable) between two sockets, shaped like
 * zeromq.js v6's Proxy: `await proxy.run()` forwards messages both ways on
 * a libzmq thread until terminate(); pause() and resume() steer it. The
 * sockets are lent to that thread meanwhile (calls on them get EBUSY), and
 * closed when it ends.
 */
import type { ProxyBackend, ProxyCommand } from "./backend/types.js";
import { contextBackend } from "./context.js";
import { checkArity, closedError, makeError, typeError, zmqError } from "./errors.js";
import { currentHost } from "./host.js";
import { Socket } from "./socket.js";

export class Proxy<F extends Socket = Socket, B extends Socket = Socket> {
  readonly frontEnd: F;
  readonly backEnd: B;
  #running = false;
  #backend: ProxyBackend | undefined;

  constructor(frontEnd: F, backEnd: B) {
    // zeromq.js's checks and texts.
    if (typeof frontEnd !== "object" || frontEnd === null) throw typeError("Front-end must be a socket object");
    if (typeof backEnd !== "object" || backEnd === null) throw typeError("Back-end must be a socket object");
    checkArity(arguments, 2);
    if (!(frontEnd instanceof Socket) || !(backEnd instanceof Socket)) throw zmqError("EINVAL", { hint: "new Proxy(frontEnd, backEnd) takes two sockets" });
    if ((frontEnd as Socket) === (backEnd as Socket)) throw zmqError("EINVAL", { hint: "a Proxy needs two different sockets" });
    this.frontEnd = frontEnd;
    this.backEnd = backEnd;
  }

  /** Forwards until terminate() (or until either socket is closed), then
   * closes both sockets, as zeromq.js does. Throws at once (EINVAL) if a
   * socket is neither bound nor connected. */
  run(): Promise<void> {
    if (this.#running) throw makeError("The proxy is already running", "EBUSY");
    // zeromq.js's checks and words (it throws; it does not reject).
    if (!this.frontEnd.hasEndpoints) throw makeError("Front-end socket must be bound or connected", "EINVAL");
    if (!this.backEnd.hasEndpoints) throw makeError("Back-end socket must be bound or connected", "EINVAL");
    // Closing either socket ends the proxy first.
    const stop = () => this.#backend?.command("TERMINATE");
    const front = this.frontEnd.lend(stop);
    let back;
    try {
      back = this.backEnd.lend(stop);
    } catch (error) {
      front.release();
      throw error;
    }
    const end = () => {
      this.#running = false;
      this.#backend = undefined;
      front.release();
      back.release();
    };
    try {
      this.#backend = currentHost().createProxy(front.backend, back.backend, contextBackend(this.frontEnd.context));
    } catch (error) {
      end();
      throw error;
    }
    this.#running = true;
    return this.#backend.run().finally(() => {
      end();
      this.frontEnd.close();
      this.backEnd.close();
    });
  }

  /** Stops forwarding; messages wait in the sockets (up to their HWM). */
  pause(): void {
    this.#command("PAUSE");
  }

  resume(): void {
    this.#command("RESUME");
  }

  /** Ends run(), which then closes the sockets. */
  terminate(): void {
    this.#command("TERMINATE");
  }

  #command(command: ProxyCommand): void {
    // Before run() and after it, zeromq.js finds its control socket closed.
    if (!this.#running || !this.#backend) throw closedError();
    this.#backend.command(command);
  }
}
