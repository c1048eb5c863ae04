/**
 * A scripted REP on the native side: answers each request with what
 * answer() returns for it (or resolves to). Returning CRASH crashes the
 * peer instead of answering, as a server dying mid-request would (the
 * Guide's Lazy Pirate case); it binds again after restartAfterMs if set.
 */
import type { Frame, MessageLike } from "../frames.js";
import { zmq, type Zmq } from "./native.js";
import { CRASH, ScriptedPeer, type PeerOptions } from "./peer.js";

export type Answer = (request: Frame[], index: number) => MessageLike | MessageLike[] | typeof CRASH | Promise<MessageLike | MessageLike[] | typeof CRASH>;

export interface ReplyOptions extends PeerOptions {
  /** The reply to the index-th request (from 0, across restarts). */
  answer: Answer;
}

export class ScriptedReply extends ScriptedPeer<Zmq.Reply> {
  /** Every request received, in order (across restarts). */
  readonly requests: Frame[][] = [];

  private constructor(make: () => Zmq.Reply, socket: Zmq.Reply, private readonly script: ReplyOptions) {
    super(make, socket, script);
  }

  static async start(options: ReplyOptions): Promise<ScriptedReply> {
    const make = () => new zmq.Reply();
    return new ScriptedReply(make, await ScriptedPeer.bound(make, options), options).start();
  }

  protected async run(socket: Zmq.Reply): Promise<void> {
    for await (const request of socket) {
      this.requests.push(request);
      const reply = await this.script.answer(request, this.requests.length - 1);
      if (reply === CRASH) return this.crashOnCue();
      await socket.send(reply);
    }
  }
}

export const startReply = (options: ReplyOptions): Promise<ScriptedReply> => ScriptedReply.start(options);
