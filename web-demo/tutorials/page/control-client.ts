/**
 * The demo server's control over HTTP (stop/start a service, the Lazy
 * Pirate server's failure rate), as the page's tutorials use it. The demo
 * server (npm start) answers; a static build has none.
 *   GET  /demo/control -> ControlState
 *   POST /demo/control/<service>/stop | /start -> ControlState
 *   POST /demo/control/flaky/failure-rate?value=<0..1> -> ControlState
 */
export type ServiceName = "hello" | "weather" | "ticker" | "flaky";

export interface ControlState {
  services: Record<ServiceName, { running: boolean; failureRate?: number }>;
}

const controlPath = "/demo/control";

async function call(path: string, method: "GET" | "POST"): Promise<ControlState> {
  const response = await fetch(`${controlPath}${path}`, { method, cache: "no-store" });
  if (!response.ok || !response.headers.get("content-type")?.includes("json")) throw new Error(`${method} ${controlPath}${path}: ${response.status}`);
  return (await response.json()) as ControlState;
}

/** The services' state, or undefined where there is no control. */
export async function controlState(): Promise<ControlState | undefined> {
  try {
    return await call("", "GET");
  } catch {
    return undefined;
  }
}

export const stopService = (name: ServiceName) => call(`/${name}/stop`, "POST");
export const startService = (name: ServiceName) => call(`/${name}/start`, "POST");
export const setFailureRate = (value: number) => call(`/flaky/failure-rate?value=${encodeURIComponent(String(value))}`, "POST");
