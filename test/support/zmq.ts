/**
 * The package's Node API for tests that are not written per host (interop,
 * fuzz): the default build (without threads), or with
 * ZEROMQ_WASM_TEST_BUILD=threads libzmq with threads (test/threads.test.ts
 * runs them so).
 */
type Api = typeof import("../../dist/index.js");

const zmq: Api = process.env.ZEROMQ_WASM_TEST_BUILD === "threads" ? await import("../../dist/threads.js") : await import("../../dist/index.js");

export const { Context, Dealer, Pair, Publisher, Pull, Push, Reply, Request, Router, Subscriber, XPublisher, XSubscriber, Proxy, configure, curveKeyPair } = zmq;
export type { Frame, ZmqError } from "../../dist/index.js";
