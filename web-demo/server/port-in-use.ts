/**
 * A demo port already taken (5555 is the Guide's own default, often in use
 * on a ZeroMQ developer's machine), told as one line: the port, what wanted
 * it, and the environment variable of `npm start` that moves it.
 */
import type { DemoPorts } from "../demo-config.ts";

export class PortInUseError extends Error {
  readonly code = "EADDRINUSE";
  constructor(
    readonly port: number,
    readonly variable: string,
    what: string,
  ) {
    super(`port ${port} (${what}) is already in use: set ${variable} to another port, e.g. ${variable}=${port + 1000} npm start`);
    this.name = "PortInUseError";
  }
}

/** The taken port of a failed start, from libzmq's bind error
 * (address tcp://host:port), Node's listen error (port) or Vite's message. */
function takenPort(error: unknown): number | undefined {
  const { code, address, port, message } = (error ?? {}) as { code?: string; address?: string; port?: number; message?: string };
  if (code === "EADDRINUSE") {
    if (typeof port === "number") return port;
    const fromAddress = /:(\d+)$/.exec(address ?? "");
    if (fromAddress) return Number(fromAddress[1]);
  }
  const fromMessage = /Port (\d+) is already in use/.exec(message ?? "");
  return fromMessage ? Number(fromMessage[1]) : undefined;
}

/** A PortInUseError for `error` if it says a demo port is taken, else undefined. */
export function portInUse(error: unknown, ports: DemoPorts): PortInUseError | undefined {
  if (error instanceof PortInUseError) return error;
  const port = takenPort(error);
  if (port === undefined) return undefined;
  if (port === ports.web) return new PortInUseError(port, "PORT", "the web app");
  if (port === ports.gateway) return new PortInUseError(port, "GATEWAY_PORT", "the gateway");
  const service = (["hello", "weather", "tickerSnapshot", "tickerUpdates", "flaky"] as const).find((name) => ports[name] === port);
  if (service) return new PortInUseError(port, "SERVICES_PORT", `the ${service} service; SERVICES_PORT is the first of five`);
  return undefined;
}
