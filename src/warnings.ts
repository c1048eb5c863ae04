/**
 * Warnings as zeromq.js gives them: process.emitWarning in Node (type
 * "Warning", so --no-warnings and process.on("warning") apply), the
 * console elsewhere. A leaf: it imports nothing of ours.
 */
export function warn(message: string): void {
  const emit = (globalThis as { process?: { emitWarning?: (message: string) => void } }).process?.emitWarning;
  if (typeof emit === "function") emit(message);
  else console.warn(`Warning: ${message}`);
}

/** libzmq option ids that take effect on a socket that is already bound
 * or connected; any other set then gets a warning, as in zeromq.js (4.2+:
 * the high-water marks; the timeouts apply to the next call). */
const LIVE_OPTIONS = new Set([
  17, // linger
  33, // mandatory (ZMQ_ROUTER_MANDATORY)
  51, // probeRouter
  40, // verbosity (ZMQ_XPUB_VERBOSE)
  52, // correlate
  53, // relaxed
  56, // handover
  78, // verboser (ZMQ_XPUB_VERBOSER)
  23, // sendHighWaterMark
  24, // receiveHighWaterMark
  28, // sendTimeout
  27, // receiveTimeout
]);

/** Warns when setting option `id` now does not reach existing connections. */
export function warnUnlessLive(id: number, boundOrConnected: boolean): void {
  if (boundOrConnected && !LIVE_OPTIONS.has(id)) warn("Socket option will not take effect until next connect/bind.");
}
