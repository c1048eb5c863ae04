/**
 * What a tab did to a shared host (browser/shared-host.ts), so that its
 * sockets can be made again on a new host when the old one is lost: per
 * context and per socket, the calls that shape it (create, options, binds,
 * connects, subscriptions), compacted as they come (an unsubscribe drops
 * its subscribe, a disconnect its connect, a later value of an option the
 * earlier one). Messages are not kept: what was in flight is lost, as
 * libzmq loses a dropped connection's queue.
 *
 * `replaying(api)` wraps the comlink remote: it records, and it settles
 * the calls the lost host will never answer (subscribers and the other
 * types wait again on the new host; a REQ's request in flight fails with
 * EAGAIN, as libzmq's REQ does not resend; sends in flight fail with EAGAIN;
 * a REP's reply to a request the lost host took is dropped, as libzmq drops
 * a reply whose requester has gone).
 */
import type { Remote } from "comlink";
import { timedOut } from "../errors.js";
import { REP, REQ } from "../options.js";
import type { HostConfig, Received, WorkerApi } from "./protocol.js";

type Method = keyof WorkerApi;
type Call = [Method, unknown[]];

/** Calls that shape a socket or context, replayed in order. */
const RECORDED = new Set<Method>(["createContext", "setContextOption", "create", "bindTo", "unbindFrom", "connect", "disconnect", "subscribe", "setOption"]);

/** Opposite calls: the later one removes the earlier instead of adding. */
const UNDOES: Partial<Record<Method, Method>> = { unbindFrom: "bindTo", disconnect: "connect" };

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

export class ReplayLog {
  /** By socket or context id, in the order they were made (Map order). */
  readonly #calls = new Map<number, Call[]>();
  readonly #types = new Map<number, number>();
  /** REQ sockets with a request out and no reply yet. */
  readonly #awaitingReply = new Set<number>();
  /** REQ sockets whose request the lost host took: their next receive fails. */
  readonly #lostRequests = new Set<number>();
  /** REP sockets holding a request, not yet replied to. */
  readonly #holdingRequest = new Set<number>();
  /** REP sockets whose request came from the lost host: their reply has
   * nowhere to go (the new host's REP has no request to answer). */
  readonly #lostReplies = new Set<number>();
  #settleLost!: () => void;
  #lost: Promise<void> = new Promise((resolve) => (this.#settleLost = resolve));
  #restored: Promise<void> = Promise.resolve();
  #restoring = false;

  /** The remote, recording; calls in flight when the host is lost settle
   * as said above. */
  replaying(api: Remote<WorkerApi>): Remote<WorkerApi> {
    return new Proxy(api, {
      get: (target, method: Method) => {
        // Not a promise (async functions return it as is).
        if ((method as string) === "then") return undefined;
        // Called as is: comlink would take call.apply for a remote "apply".
        const call = target[method] as unknown as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => this.#call(method, args, call);
      },
    });
  }

  async #call(method: Method, args: unknown[], call: (...args: unknown[]) => Promise<unknown>): Promise<unknown> {
    if (this.#restoring) await this.#restored;
    this.#record(method, args);
    const id = args[0] as number;
    if (method === "receive" && this.#lostRequests.delete(id)) throw hostLostError("receive");
    if (method === "send") {
      if (this.#lostReplies.delete(id)) return undefined;
      this.#sent(id);
    }
    const lost = this.#lost;
    const answer = call(...args);
    const answered = await Promise.race([answer.then((value) => ({ value })), lost.then(() => undefined)]);
    if (answered) {
      if (method === "receive") this.#receivedOne(id, answered.value as Received | undefined);
      return answered.value;
    }
    // The host was lost before it answered.
    if (method === "receive") {
      if (this.#types.get(id) === REQ) {
        this.#lostRequests.delete(id);
        throw hostLostError("receive");
      }
      return this.#call(method, args, call);
    }
    if (RECORDED.has(method) || method === "close" || method === "monitorClose") {
      await this.#restored;
      return undefined;
    }
    if (method === "monitorNext") return undefined;
    if (method === "send" || method === "proxyRun") throw hostLostError("send");
    return this.#call(method, args, call);
  }

  /** A send went out: a REQ's request, or a REP's reply. */
  #sent(id: number): void {
    this.#holdingRequest.delete(id);
    if (this.#types.get(id) !== REQ) return;
    this.#lostRequests.delete(id);
    this.#awaitingReply.add(id);
  }

  #receivedOne(id: number, received: Received | undefined): void {
    this.#awaitingReply.delete(id);
    if (this.#types.get(id) === REP && received && received.batch.layout.length > 0) this.#holdingRequest.add(id);
  }

  /** A send RemoteHost.postSend is about to post: false if it is a reply
   * to drop (see #lostReplies). */
  posting(id: number): boolean {
    if (this.#lostReplies.delete(id)) return false;
    this.#sent(id);
    return true;
  }

  #record(method: Method, args: unknown[]): void {
    const id = args[0] as number;
    if (method === "close") {
      this.#calls.delete(id);
      this.#types.delete(id);
      for (const set of [this.#awaitingReply, this.#lostRequests, this.#holdingRequest, this.#lostReplies]) set.delete(id);
      return;
    }
    if (!RECORDED.has(method)) return;
    if (method === "create") this.#types.set(id, args[1] as number);
    const calls = this.#calls.get(id) ?? [];
    this.#calls.set(id, calls);
    // libzmq counts subscriptions and connects: an undo takes back one of them.
    const undone = method === "subscribe" && args[1] === false ? "subscribe" : UNDOES[method];
    const earlier = calls.findIndex(([m, a]) => {
      if (method === "subscribe") return m === "subscribe" && a[1] === true && sameBytes(a[2] as Uint8Array, args[2] as Uint8Array);
      if (undone) return m === undone && a[1] === args[1];
      return (method === "setOption" || method === "setContextOption") && m === method && a[1] === args[1];
    });
    if (earlier < 0 || (method === "subscribe" && !undone)) calls.push([method, args]);
    else if (undone) calls.splice(earlier, 1);
    // An option's new value, in the old one's place (before the connects it applies to).
    else calls[earlier] = [method, args];
  }

  /** The host is gone: calls waiting on it settle once `restore` has run. */
  lost(): void {
    for (const id of this.#awaitingReply) this.#lostRequests.add(id);
    this.#awaitingReply.clear();
    for (const id of this.#holdingRequest) this.#lostReplies.add(id);
    this.#holdingRequest.clear();
    this.#restoring = true;
    this.#restored = new Promise((resolve) => (this.#settleRestored = resolve));
    const wake = this.#settleLost;
    this.#lost = new Promise((resolve) => (this.#settleLost = resolve));
    wake();
  }

  #settleRestored: () => void = () => {};

  /** Makes every context and socket again on the new host, in order. */
  async restore(api: Remote<WorkerApi>, config: HostConfig): Promise<void> {
    // Posted at once, in order: the host runs each call once start() is done.
    const replays: Array<Promise<unknown>> = [api.start(config)];
    for (const calls of this.#calls.values()) {
      for (const [method, args] of calls) {
        const call = api[method] as unknown as (...args: unknown[]) => Promise<unknown>;
        replays.push(call(...args));
      }
    }
    // A call that fails there failed here before, or fails the next use.
    await Promise.allSettled(replays);
    this.#restoring = false;
    this.#settleRestored();
  }
}

export function hostLostError(operation: "send" | "receive") {
  return timedOut(operation, "the shared host was lost (its libzmq restarted on a new host, as after a reconnect)");
}
