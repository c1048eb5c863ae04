// The Majordomo client API (the Guide's mdcliapi): a REQ socket that sends
// a request to a service by name, and resends it on a fresh socket when the
// broker takes too long, a few times before giving up. (Over inproc, a
// socket whose broker has gone cannot even send: tcp would reconnect; that
// counts as no reply too.)
import { Request, type ZmqError } from "zeromq-wasm/browser";
import { MDPC } from "./mdp.ts";

export type Frame = Uint8Array;
const TIMEOUT = 2500; // msecs
const RETRIES = 3; // before we abandon

export class MajordomoClient {
  #socket!: Request;

  constructor(readonly broker: string) {
    this.#connect();
  }

  #connect() {
    this.#socket?.close();
    this.#socket = new Request({ sendTimeout: TIMEOUT, receiveTimeout: TIMEOUT, linger: 0 });
    this.#socket.connect(this.broker);
    console.log(`I: connecting to broker at ${this.broker}…`);
  }

  /** The service's reply, or undefined if it did not come in time. */
  async send(service: string, request: Array<string | Frame> | string): Promise<Frame[] | undefined> {
    for (let retriesLeft = RETRIES; retriesLeft > 0; retriesLeft--) {
      try {
        await this.#socket.send([MDPC, service, ...[request].flat()]);
        // ["MDPC01", service, ...body]
        const [header, replyService, ...body] = await this.#socket.receive();
        if (header.toString() !== MDPC || replyService.toString() !== service) throw new Error("unexpected reply");
        return body;
      } catch (error) {
        if ((error as ZmqError).code !== "EAGAIN") throw error;
      }
      console.log("W: no reply, reconnecting…");
      this.#connect();
    }
    console.log("W: permanent error, abandoning");
    return undefined;
  }

  close() {
    this.#socket.close();
  }
}
