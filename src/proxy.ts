/**
 * libzmq's proxy (zmq_proxy_steerable) between two sockets, shaped like
 * zeromq.js v6's Proxy: `await proxy.run()` forwards messages both ways on
 * a libzmq thread until terminate(); pause() and resume() steer it. The
 * sockets are lent to that thread meanwhile (calls on them get EBUSY).
 */
import type { ProxyBackend, ProxyCommand } from "./backend/types.js";
import { contextBackend } from "./context.js";
import { checkArity, makeError, typeError, zmqError } from "./errors.js";
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

  /** Forwards until terminate() (or until either socket is closed). */
  async run(): Promise<void> {
    if (this.#running) throw makeError("The proxy is already running", "EBUSY");
    this.#running = true;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    // Closing either socket ends the proxy first.
    const stop = () => this.terminate();
    try {
      const front = this.frontEnd.lendUntil(finished, stop);
      let back;
      try {
        back = this.backEnd.lendUntil(finished, stop);
      } catch (error) {
        done();
        throw error;
      }
      this.#backend = currentHost().createProxy(front, back, contextBackend(this.frontEnd.context));
      await this.#backend.run().finally(done);
    } finally {
      this.#running = false;
      this.#backend = undefined;
    }
  }

  /** Stops forwarding; messages wait in the sockets (up to their HWM). */
  pause(): void {
    this.#command("PAUSE");
  }

  resume(): void {
    this.#command("RESUME");
  }

  /** Ends run(); the sockets stay open for the caller to close. */
  terminate(): void {
    this.#command("TERMINATE");
  }

  #command(command: ProxyCommand): void {
    if (!this.#running || !this.#backend) throw makeError("The proxy is not running", "EBADF");
    this.#backend.command(command);
  }
}
