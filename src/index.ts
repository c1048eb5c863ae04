/**
 * zeromq-wasm: libzmq in WebAssembly with a zeromq.js v6-style API.
 *
 * Importing this module loads the wasm and starts its threads (top-level
 * await), so sockets can be created as soon as the import resolves.
 */
import { load, runtime } from "./runtime/load.js";

/** Resolves when the module is ready (already resolved after import). */
export const ready: Promise<void> = load().then(() => undefined);
await ready;

export { Context, defaultContext as context } from "./context.js";
export { configure, type Configuration } from "./configure.js";
export { Socket, type ConnectOptions } from "./socket.js";
export { Proxy } from "./proxy.js";
export {
  Pair,
  Publisher,
  Subscriber,
  Request,
  Reply,
  Dealer,
  Router,
  Pull,
  Push,
  XPublisher,
  XSubscriber,
  type Options,
  type Readable,
  type Writable,
  type RouterConnectOptions,
} from "./sockets.js";
export { curveKeyPair, curvePublicKey, z85Encode, z85Decode, type CurveKeyPair } from "./curve.js";
export type { Frame, MessageLike } from "./frames.js";
export type { ZmqError } from "./errors.js";
export type { SocketOptions, ContextOptions, SocketOptionName } from "./options.js";

/** The libzmq version inside, e.g. "4.3.4". */
export const version: string = (() => {
  const { native } = runtime();
  const ptr = native.ensureScratch(12);
  native.wasm._zmq_version(ptr, ptr + 4, ptr + 8);
  const [major, minor, patch] = native.i32.subarray(ptr >> 2, (ptr >> 2) + 3);
  return `${major}.${minor}.${patch}`;
})();
