/**
 * Tutorial text and code are written with the Guide's ports ("port 5555",
 * "tcp://localhost:5555"); the page shows the running config's instead
 * (they differ when SERVICES_PORT moves the demo's services).
 */
import type { DemoEndpoints } from "../../demo-config.ts";
import { serviceAtGuidePort, withEndpoints } from "../runner/endpoints.ts";

export function withConfigPorts(html: string, endpoints: DemoEndpoints): string {
  return withEndpoints(html, endpoints).replace(/\bport (\d+)\b/g, (written, port: string) => {
    const service = serviceAtGuidePort(Number(port));
    return service ? `port ${new URL(endpoints[service].replace(/^tcp:/, "http:")).port}` : written;
  });
}
