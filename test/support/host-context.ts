/**
 * What a test body that runs on every host gets (see hosts.ts): the
 * package's API as that host has it, assert, and helpers. Only the few
 * things that must differ between Node and a page are passed in; the rest
 * is the same code in both (harness.ts).
 */
import type * as Zmq from "../../dist/index.js";
import { eventually, inproc, Sockets, sleep, text, within } from "./harness.ts";

export type HostName = "node" | "page";

/** The part of node:assert/strict a shared test may use: Node passes the
 * real one, a page browser-assert.ts. (Plain signatures, not `asserts`,
 * so that calls through the context type-check.) */
export interface Assert {
  ok(value: unknown, message?: string | Error): void;
  equal(actual: unknown, expected: unknown, message?: string | Error): void;
  notEqual(actual: unknown, expected: unknown, message?: string | Error): void;
  deepEqual(actual: unknown, expected: unknown, message?: string | Error): void;
  match(actual: string, pattern: RegExp, message?: string | Error): void;
  throws(call: () => unknown, expected?: RegExp | object, message?: string): void;
  rejects(promise: Promise<unknown> | (() => Promise<unknown>), expected?: RegExp | object, message?: string): Promise<void>;
  fail(message?: string | Error): never;
}

export interface HostSpecifics {
  /** An endpoint socket is now bound to, that a peer can connect to:
   * tcp on loopback in Node, inproc on a page (a browser cannot listen). */
  bindAny(socket: Zmq.Socket): Promise<string>;
  keyPair(): Promise<Zmq.CurveKeyPair>;
  /** Asserts libzmq refuses what call() asked: Node throws at once; a page
   * returns at once and reports it on the socket's next call. */
  failsLater(socket: Zmq.Socket, call: () => void, expected: object): Promise<void>;
}

export interface HostContext extends HostSpecifics {
  host: HostName;
  zmq: typeof Zmq;
  assert: Assert;
  sockets: Sockets;
  within: typeof within;
  sleep: typeof sleep;
  eventually: typeof eventually;
  text: typeof text;
  inproc: typeof inproc;
}

export function hostContext(host: HostName, zmq: typeof Zmq, assert: Assert, specifics: HostSpecifics): HostContext {
  return { host, zmq, assert, sockets: new Sockets(), within, sleep, eventually, text, inproc, ...specifics };
}
