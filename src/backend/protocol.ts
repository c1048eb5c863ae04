/**
 * What the page and the Worker host say to each other (over comlink):
 * socket operations by id, and messages in batches: one ArrayBuffer holding
 * the frames of many messages, transferred, never copied by postMessage.
 */
import { transferHandlers } from "comlink";
import type { ZmqError } from "../errors.js";
import type { Batch } from "../frames.js";
import type { ContextOptionName } from "../options.js";
import type { ConnectRequest, InboundLimits, MonitorEvent, ProxyCommand } from "./types.js";

export interface HostConfig {
  /** ws:// or wss:// base URL of the gateway (see README), null: none. */
  gateway?: string | null;
  inbound?: InboundLimits;
}

/** A receive's answer: the messages, and ZMQ_EVENTS after taking them. */
export interface Received {
  batch: Batch;
  events: number;
}

/** A socket a host holds for one of its clients (a shared host's tabs), as
 * the inspector is shown it (inspect/host-inspection.ts). */
export interface HostSocket {
  /** The client (tab) it belongs to, numbered by the host from 1. */
  tab: number;
  /** It belongs to the client that asked. */
  own: boolean;
  /** Its id within its client. */
  id: number;
  /** The zeromq.js class name ("Subscriber", ...). */
  type: string;
  endpoints: Array<{ verb: "bind" | "connect"; address: string }>;
  traffic: { messagesIn: number; bytesIn: number; messagesOut: number; bytesOut: number };
}

/** A shared upstream connection of the host's Subscribers
 * (backend/subscriber-feeds.ts). */
export interface HostFeed {
  endpoint: string;
  subscribers: number;
}

export interface HostInspection {
  /** The clients the host serves. */
  tabs: number;
  sockets: HostSocket[];
  feeds: HostFeed[];
}

/** The Worker host's calls. Sockets, contexts and proxies are named by ids
 * the page picks; socket calls answer with ZMQ_EVENTS where the page keeps
 * it (readable, writable). */
export interface WorkerApi {
  /** build: the worker runs libzmq without threads ("nothreads"). */
  start(config: HostConfig): Promise<{ version: string; build: "threads" | "nothreads" }>;
  configure(config: HostConfig): void;
  /** shared: the client's default context (see Host.createContext). */
  createContext(id: number, options: Array<[ContextOptionName, number]>, shared: boolean): void;
  setContextOption(id: number, name: ContextOptionName, value: number): void;
  create(id: number, type: number, contextId: number, options: Array<[string, unknown]>): number;
  // Not "bind": comlink takes a call named bind for Function.prototype.bind.
  /** Resolves to the socket's lastEndpoint. */
  bindTo(id: number, address: string): Promise<string | null>;
  unbindFrom(id: number, address: string): Promise<string | null>;
  connect(id: number, address: string, request: ConnectRequest): void;
  disconnect(id: number, address: string): void;
  subscribe(id: number, on: boolean, prefix: Uint8Array): void;
  setOption(id: number, name: string, value: unknown): void;
  getOption(id: number, name: string): unknown;
  /** busyIfWaiting: the client still waits on an earlier send of this
   * socket; fail with EBUSY if that one waits at the high-water mark (what
   * zeromq.js does for a send while another is in progress). */
  send(id: number, batch: Batch, busyIfWaiting?: boolean): Promise<number>;
  /** Waits for at least one message, then returns up to maxMessages. */
  receive(id: number, maxMessages: number): Promise<Received>;
  close(id: number): void;
  /** Starts libzmq's monitor on socket id, named monitorId. */
  monitor(id: number, monitorId: number): void;
  /** The monitor's next event; undefined once it is closed. */
  monitorNext(monitorId: number): Promise<MonitorEvent | undefined>;
  monitorClose(monitorId: number): void;
  /** Runs libzmq's proxy between two sockets until a TERMINATE command. */
  proxyRun(proxyId: number, frontId: number, backId: number, contextId: number): Promise<void>;
  proxyCommand(proxyId: number, command: ProxyCommand): void;
  curveKeyPair(): { publicKey: string; secretKey: string };
  /** Network connections in the worker and inbound bytes held in JS;
   * with shared Subscriber connections, the feeds and the sockets on them;
   * tabs: the tabs a shared host serves. */
  stats(): { connections: number; backlogBytes: number; sharedFeeds?: { feeds: number; sockets: number }; tabs?: number };
  /** Every socket the host holds for its clients, for the inspector
   * (inspect/host-inspection.ts). */
  inspect(): HostInspection;
}

/** Errors cross with libzmq's code, errno and address, not just a message.
 * Both ends call this (comlink applies its handlers per realm). */
export function transferErrorCodes(): void {
  const throwHandler = transferHandlers.get("throw")!;
  if ((throwHandler as { zeromqWasm?: true }).zeromqWasm) return;
  transferHandlers.set("throw", {
    zeromqWasm: true,
    canHandle: throwHandler.canHandle,
    serialize(thrown: unknown) {
      const value = (thrown as { value: unknown }).value;
      if (value instanceof Error) {
        const { code, errno, address, operation, hint } = value as ZmqError;
        const fields = { message: value.message, name: value.name, stack: value.stack, code, errno, address, operation, hint };
        // Only the fields the error has (an Error never has an undefined `address`).
        for (const key of Object.keys(fields) as Array<keyof typeof fields>) if (fields[key] === undefined) delete fields[key];
        return [{ isError: true, value: fields }, []];
      }
      return throwHandler.serialize(thrown);
    },
    deserialize(serialized: { isError: boolean; value: { name?: string; message?: string } }) {
      // A TypeError stays a TypeError.
      if (serialized.isError && serialized.value.name === "TypeError") throw Object.assign(new TypeError(serialized.value.message), serialized.value);
      return throwHandler.deserialize(serialized as never);
    },
  } as typeof throwHandler);
}

/**
 * A send the page does not wait for (RemoteSocket.send, where the socket's
 * next call is a receive whose answer brings ZMQ_EVENTS): posted on the
 * same port as comlink's calls, so it keeps its place among them, and not
 * answered unless it fails. Comlink on either end ignores these messages.
 */
export interface PostedSend {
  /** receive: a REQ's request, whose reply the worker then fetches at once
   * (up to this many messages) and posts as a PostedReceive. */
  zwsPostedSend: { id: number; batch: Batch; receive?: number };
}

/** The receive a PostedSend asked for: its answer, or its failure. */
export interface PostedReceive {
  zwsPostedReceive: { id: number; received?: Received; error?: unknown };
}

/** The worker's answer to a PostedSend that failed. */
export interface PostedSendFailed {
  zwsPostedSendFailed: { id: number; error: unknown };
}

/** An error as it crosses (the "throw" handler above). */
export function errorToWire(error: unknown): unknown {
  return transferHandlers.get("throw")!.serialize({ value: error } as never)[0];
}

/** The error errorToWire sent. */
export function errorFromWire(wire: unknown): unknown {
  try {
    transferHandlers.get("throw")!.deserialize(wire as never);
  } catch (error) {
    return error;
  }
  return wire;
}
