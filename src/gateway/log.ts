/**
 * The gateway's structured log: one entry per event (listening, open, close
 * with byte counts, refused with status and reason, shutdown), by default a
 * JSON line on stdout. The upgrade, the pipes and the server all write here.
 */

export interface LogEntry {
  time: string;
  event: "listening" | "open" | "close" | "refused" | "error" | "shutdown";
  client?: string;
  target?: string;
  reason?: string;
  status?: number;
  bytesToTarget?: number;
  bytesToClient?: number;
  url?: string;
}

/** Logs one event; the time is stamped here. */
export type Emit = (entry: Omit<LogEntry, "time">) => void;

/** The emitter for createGateway's `log` option: a sink, false (silent) or
 * undefined (JSON lines on stdout). */
export function logTo(sink: ((entry: LogEntry) => void) | false | undefined): Emit {
  const log = sink === false ? () => {} : (sink ?? ((entry: LogEntry) => process.stdout.write(JSON.stringify(entry) + "\n")));
  return (entry) => log({ time: new Date().toISOString(), ...entry });
}
