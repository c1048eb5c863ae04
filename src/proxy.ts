/**
 * libzmq's proxy (zmq_proxy_steerable) between two sockets, shaped like
 * zeromq.js v6's Proxy: `await proxy.run()` forwards messages both ways on
 * a libzmq thread until terminate(); pause() and resume() steer it.
 */
import { makeError } from "./errors.js";
import { callOnThread, CALL_PROXY } from "./runtime/thread-call.js";
import { runtime } from "./runtime/load.js";
import type { Socket } from "./socket.js";
import { Pair } from "./sockets.js";

let proxies = 0;

export class Proxy<F extends Socket = Socket, B extends Socket = Socket> {
  readonly frontEnd: F;
  readonly backEnd: B;
  #running = false;
  #steer: Pair | undefined;
  /** Commands given before the control socket was up. */
  #early: string[] = [];

  constructor(frontEnd: F, backEnd: B) {
    if (!frontEnd || !backEnd || typeof frontEnd.close !== "function" || typeof backEnd.close !== "function") {
      throw makeError("A Proxy needs two sockets: new Proxy(frontEnd, backEnd)", "EINVAL");
    }
    if ((frontEnd as Socket) === (backEnd as Socket)) throw makeError("A Proxy needs two different sockets", "EINVAL");
    this.frontEnd = frontEnd;
    this.backEnd = backEnd;
  }

  /** Forwards until terminate() (or until either socket is closed). */
  async run(): Promise<void> {
    if (this.#running) throw makeError("The proxy is already running", "EBUSY");
    this.#running = true;
    const { native } = runtime();
    const context = this.frontEnd.context;
    const address = `inproc://zeromq-wasm-proxy-${++proxies}`;
    const control = new Pair({ context });
    const steer = new Pair({ context });
    await control.bind(address);
    steer.connect(address);
    this.#steer = steer;
    for (const command of this.#early.splice(0)) void steer.send(command);
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const stop = () => this.terminate();
    const args = native.wasm._malloc(8);
    try {
      const front = this.frontEnd.lendUntil(finished, stop);
      let back: number;
      try {
        back = this.backEnd.lendUntil(finished, stop);
      } catch (error) {
        done();
        throw error;
      }
      native.i32[args >> 2] = back;
      native.i32[(args >> 2) + 1] = control.lendUntil(finished, () => {});
      await callOnThread(native, CALL_PROXY, front, args, "Proxy failed").finally(done);
    } finally {
      native.wasm._free(args);
      this.#running = false;
      this.#steer = undefined;
      this.#early = [];
      steer.close();
      control.close();
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

  #command(command: string): void {
    if (!this.#running) throw makeError("The proxy is not running", "EBADF");
    if (this.#steer) void this.#steer.send(command);
    else this.#early.push(command);
  }
}
