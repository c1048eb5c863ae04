/**
 * The demo server's control (under `npm start` only; a static build has
 * none): stop and start the demo services while the page stays, to watch a
 * page notice an outage and recover without a reload, and set the Lazy
 * Pirate server's failure rate.
 *   GET  /demo/control                           -> ControlState
 *   POST /demo/control/<service>/stop | /start   -> ControlState
 *   POST /demo/control/flaky/failure-rate?value=<0..1> -> ControlState
 */
export const serviceNames = ["hello", "weather", "ticker", "flaky"] as const;
export type ServiceName = (typeof serviceNames)[number];

export interface ServiceState {
  running: boolean;
}

export interface ControlState {
  services: {
    hello: ServiceState;
    weather: ServiceState;
    ticker: ServiceState;
    flaky: ServiceState & { failureRate: number };
  };
}

export const controlPath = "/demo/control";

async function call(path: string, method: "GET" | "POST"): Promise<ControlState> {
  const response = await fetch(`${controlPath}${path}`, { method, cache: "no-store" });
  if (!response.ok) throw new Error(`${method} ${controlPath}${path}: ${response.status} ${await response.text()}`);
  if (!response.headers.get("content-type")?.includes("json")) throw new Error(`${controlPath}: no demo control here (a static build?)`);
  return (await response.json()) as ControlState;
}

/** The services' state, or undefined where there is no control (a static build). */
export async function controlState(): Promise<ControlState | undefined> {
  try {
    return await call("", "GET");
  } catch {
    return undefined;
  }
}

/** Stops a service: its sockets close, its clients see the peer go. */
export function stopService(name: ServiceName): Promise<ControlState> {
  return call(`/${name}/stop`, "POST");
}

/** Starts a stopped (or crashed) service again. */
export function startService(name: ServiceName): Promise<ControlState> {
  return call(`/${name}/start`, "POST");
}

/** The share of requests (0..1) the Lazy Pirate server fails. */
export function setFailureRate(value: number): Promise<ControlState> {
  return call(`/flaky/failure-rate?value=${encodeURIComponent(String(value))}`, "POST");
}
