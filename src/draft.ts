/**
 * zeromq-wasm/draft: libzmq's draft socket types (Server, Client, Radio,
 * Dish, Gather, Scatter, Datagram), as zeromq.js's "zeromq/draft". Loads the
 * main entry unless an entry (zeromq-wasm/threads, say) already runs.
 */
import { hostInstalled } from "./host.js";

if (!hostInstalled()) await import("./index.js");
// As zeromq.js warns when its draft module loads.
(globalThis as { process?: { emitWarning?(warning: string): void } }).process?.emitWarning?.(
  "ZeroMQ draft features are experimental and could change at any time.",
);

export * from "./draft-sockets.js";
