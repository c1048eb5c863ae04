/**
 * The demo control's HTTP side (the routes are in web-demo/demo-control.ts),
 * as Connect middleware for the demo's Vite server: only `npm start` and
 * startDemo have it, a static build does not.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { serviceNames, type ServiceName } from "../demo-control.ts";
import type { Services } from "./services.ts";

/** Handles a request under /demo/control (req.url is the rest of the path). */
export async function handleControl(services: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://demo");
  const [name, action] = url.pathname.split("/").filter(Boolean);
  const reply = (status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader("content-type", "application/json");
    res.setHeader("cache-control", "no-store");
    res.end(JSON.stringify(body));
  };
  try {
    if (req.method === "GET" && !name) return reply(200, services.state());
    if (req.method !== "POST" || !serviceNames.includes(name as ServiceName)) {
      return reply(404, { error: `${req.method} /demo/control${url.pathname}: use GET /demo/control or POST /demo/control/<${serviceNames.join("|")}>/<stop|start>` });
    }
    const service = name as ServiceName;
    if (action === "stop") await services.stopService(service);
    else if (action === "start") await services.startService(service);
    else if (service === "flaky" && action === "failure-rate") services.setFailureRate(Number(url.searchParams.get("value") || NaN));
    else return reply(404, { error: `no action "${action}" for ${service}` });
    reply(200, services.state());
  } catch (error) {
    reply(error instanceof RangeError ? 400 : 500, { error: (error as Error).message });
  }
}
