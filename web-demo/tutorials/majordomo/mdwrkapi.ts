// The Majordomo worker API (the Guide's mdwrkapi): says READY for a
// service, trades heartbeats with the broker, and reconnects when the
// broker goes quiet or tells it to.
import { Dealer, type ZmqError } from "zeromq-wasm/browser";
import { DISCONNECT, HEARTBEAT, MDPW, READY, REPLY, REQUEST } from "./mdp.ts";

export type Frame = Uint8Array;
const HEARTBEAT_LIVENESS = 3;
const HEARTBEAT_INTERVAL = 1000; // msecs (the Guide: 2500)
const RECONNECT = 1000; // msecs

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class MajordomoWorker {
  #socket!: Dealer;
  #liveness = 0;
  #heartbeatAt = 0;
  #replyTo: Frame | undefined; // the client whose request we hold

  constructor(
    readonly broker: string,
    readonly service: string,
  ) {}

  async #connect() {
    this.#socket?.close();
    this.#socket = new Dealer({ receiveTimeout: HEARTBEAT_INTERVAL, sendTimeout: 0, linger: 0 });
    this.#socket.connect(this.broker);
    console.log(`I: connecting to broker at ${this.broker} for "${this.service}"…`);
    await this.#send([READY, this.service]);
    this.#liveness = HEARTBEAT_LIVENESS;
    this.#heartbeatAt = Date.now() + HEARTBEAT_INTERVAL;
  }

  // ["", "MDPW01", command, ...]. Over inproc, a socket whose broker has
  // gone has nowhere to send (tcp would reconnect): the message is lost, and
  // the missing heartbeats tell.
  async #send(command: Array<string | Frame>) {
    try {
      await this.#socket.send(["", MDPW, ...command]);
    } catch (error) {
      if ((error as ZmqError).code !== "EAGAIN") throw error;
    }
  }

  /** Sends the reply to the last request (if any), then waits for the next
   * request and returns its body. */
  async receive(reply?: Array<string | Frame>): Promise<Frame[]> {
    if (!this.#socket) await this.#connect();
    if (reply && this.#replyTo) await this.#send([REPLY, this.#replyTo, "", ...reply]);
    for (;;) {
      try {
        // ["", "MDPW01", command, ...]
        const [, , command, ...body] = await this.#socket.receive();
        this.#liveness = HEARTBEAT_LIVENESS;
        if (command.toString() === REQUEST) {
          const [client, , ...request] = body;
          this.#replyTo = client;
          return request;
        }
        if (command.toString() === DISCONNECT) await this.#connect();
      } catch (error) {
        if ((error as ZmqError).code !== "EAGAIN") throw error;
        if (--this.#liveness === 0) {
          console.log("W: disconnected from broker - retrying…");
          await sleep(RECONNECT);
          await this.#connect();
        }
      }
      if (Date.now() > this.#heartbeatAt) {
        await this.#send([HEARTBEAT]);
        this.#heartbeatAt = Date.now() + HEARTBEAT_INTERVAL;
      }
    }
  }
}
