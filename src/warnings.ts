/**
 * Warnings as zeromq.js gives them: process.emitWarning in Node (type
 * "Warning", so --no-warnings and process.on("warning") apply), the
 * console elsewhere.
 */
import { socketOptions } from "./options.js";

export function warn(message: string): void {
  const host = (globalThis as { process?: { emitWarning?: (message: string) => void } }).process;
  if (typeof host?.emitWarning === "function") host.emitWarning(message);
  else console.warn(`Warning: ${message}`);
}

/** Options that take effect on a socket that is already bound or
 * connected; setting any other then gets a warning, as in zeromq.js (the
 * high-water marks since libzmq 4.2; the timeouts apply to the next call). */
const LIVE_OPTIONS = new Set<number>(
  (
    [
      "linger",
      "mandatory",
      "probeRouter",
      "verbosity",
      "correlate",
      "relaxed",
      "handover",
      "sendHighWaterMark",
      "receiveHighWaterMark",
      "sendTimeout",
      "receiveTimeout",
    ] as const
  ).map((name) => socketOptions[name].id),
);

/** Warns when setting option `id` now does not reach existing connections. */
export function warnUnlessLive(id: number, boundOrConnected: boolean): void {
  if (boundOrConnected && !LIVE_OPTIONS.has(id)) warn("Socket option will not take effect until next connect/bind.");
}
