/**
 * The package's Node API for tests that are not written per host (interop,
 * fuzz): the default build, or with ZEROMQ_WASM_TEST_BUILD=nothreads the
 * build without threads (test/nothreads.test.ts runs them so).
 */
type Api = typeof import("../../dist/index.js");

const zmq: Api = process.env.ZEROMQ_WASM_TEST_BUILD === "nothreads" ? await import("../../dist/nothreads.js") : await import("../../dist/index.js");

export const { Context, Dealer, Pair, Publisher, Pull, Push, Reply, Request, Router, Subscriber, XPublisher, XSubscriber, Proxy, configure, curveKeyPair } = zmq;
export type { Frame, ZmqError } from "../../dist/index.js";
