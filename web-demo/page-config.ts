// The live config from the demo server (/demo-config.json), or the
// embedded defaults when the page is served statically.
import { defaultPorts, endpointsFor, type PageConfig } from "./demo-config.ts";

export async function loadPageConfig(): Promise<PageConfig> {
  try {
    const response = await fetch("/demo-config.json", { cache: "no-store" });
    if (response.ok && response.headers.get("content-type")?.includes("json")) {
      return { ...((await response.json()) as PageConfig), source: "/demo-config.json" };
    }
  } catch {
    // static hosting: fall through
  }
  return { gatewayPort: defaultPorts.gateway, endpoints: endpointsFor(defaultPorts), source: "the built-in defaults (no /demo-config.json)" };
}

/** The gateway on the page's own host (ws: for http:, wss: for https:). */
export function gatewayUrl(config: PageConfig): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.hostname}:${config.gatewayPort}`;
}
