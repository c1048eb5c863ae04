/**
 * A scripted PUB on the native side: plays a list of messages once a page
 * has subscribed (an XPUB, so it sees subscriptions arrive and sends none
 * into the void before them), optionally paced and looped. A CRASH in the
 * list crashes the peer there; after a restart it waits for a subscription
 * again and resumes after the CRASH.
 */
import type { MessageLike } from "../frames.js";
import { CRASH, ScriptedPeer, type PeerOptions } from "./peer.js";
import { pause } from "./wait.js";
import { zmq, type Zmq } from "./native.js";

export type ScriptedMessage = MessageLike | MessageLike[] | typeof CRASH;

export interface PublisherOptions extends PeerOptions {
  messages: ScriptedMessage[];
  /** Pause between messages (ms; default 0). */
  intervalMs?: number;
  /** Play the list again and again until closed (default false). */
  loop?: boolean;
  /** Subscriptions to wait for before the first message (default 1):
   * each subscribe() of each page socket counts. */
  subscriptions?: number;
}

export class ScriptedPublisher extends ScriptedPeer<Zmq.XPublisher> {
  /** Messages sent so far (across restarts). */
  sent = 0;
  /** Subscriptions received so far on the current socket. */
  subscriptions: string[] = [];
  /** Resolves when the list has been played through once. */
  readonly played: Promise<void>;
  private donePlaying!: () => void;
  private next = 0;

  private constructor(make: () => Zmq.XPublisher, socket: Zmq.XPublisher, private readonly script: PublisherOptions) {
    super(make, socket, script);
    this.played = new Promise((resolve) => (this.donePlaying = resolve));
  }

  static async start(options: PublisherOptions): Promise<ScriptedPublisher> {
    const make = () => new zmq.XPublisher({ verbosity: "allSubs" });
    return new ScriptedPublisher(make, await ScriptedPeer.bound(make, options), options).start();
  }

  protected async run(socket: Zmq.XPublisher): Promise<void> {
    this.subscriptions = [];
    const subscribed = this.readSubscriptions(socket);
    const wanted = this.script.subscriptions ?? 1;
    await this.connections.until(() => this.subscriptions.length >= wanted || socket.closed, `${wanted} subscription(s) on ${this.endpoint}`, { timeoutMs: Infinity });
    const { messages, intervalMs = 0, loop = false } = this.script;
    while (!socket.closed && (this.next < messages.length || loop)) {
      if (this.next >= messages.length) this.next = 0;
      const message = messages[this.next++];
      if (message === CRASH) {
        this.crashOnCue();
        break;
      }
      await socket.send(message);
      this.sent++;
      if (this.next === messages.length) this.donePlaying();
      if (intervalMs > 0 && !(await pause(intervalMs, () => socket.closed))) break;
    }
    if (this.next >= messages.length) this.donePlaying();
    await subscribed;
  }

  /** XPUB delivers [1, prefix] per subscribe, [0, prefix] per unsubscribe. */
  private async readSubscriptions(socket: Zmq.XPublisher): Promise<void> {
    for await (const [frame] of socket) {
      if (frame[0] === 1) this.subscriptions.push(frame.subarray(1).toString());
      this.connections.changed();
    }
  }
}

export const startPublisher = (options: PublisherOptions): Promise<ScriptedPublisher> => ScriptedPublisher.start(options);
