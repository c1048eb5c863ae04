/**
 * Starts the whole demo in one process: the gateway (its allow-list is the
 * demo services and nothing else), the services, and the Vite app, which
 * serves the page its live config at /demo-config.json.
 */
import { fileURLToPath } from "node:url";
import { demoConfig } from "../../vite.config.ts";
import { createServer, type Plugin, type ViteDevServer } from "vite";
import { createGateway, type Gateway, type LogEntry } from "zeromq-wasm/gateway";
import { defaultPorts, endpointsFor, type DemoPorts, type PageConfig } from "../demo-config.ts";
import { controlPath } from "../demo-control.ts";
import { handleControl } from "./control.ts";
import { PortInUseError, portInUse } from "./port-in-use.ts";
import { startServices, type Services } from "./services.ts";

export interface DemoOptions {
  ports?: Partial<DemoPorts>;
  tickerRate?: number;
  weatherRate?: number;
  /** The share of requests the Lazy Pirate server fails (default 0.1). */
  flakyFailureRate?: number;
  /** Gateway log lines (default: none). */
  log?: (entry: LogEntry) => void;
}

export { PortInUseError };

export interface Demo {
  /** The page's URL. */
  url: string;
  gateway: Gateway;
  services: Services;
  close(): Promise<void>;
}

const host = "127.0.0.1";

/** The demo server's own routes: the page's live config, and the demo
 * control (stop/start services; see web-demo/demo-control.ts). */
function demoServerPlugin(config: () => PageConfig, services: Services): Plugin {
  return {
    name: "zeromq-wasm-demo-server",
    configureServer(server) {
      server.middlewares.use("/demo-config.json", (_req, res) => {
        res.setHeader("content-type", "application/json");
        res.setHeader("cache-control", "no-store");
        res.end(JSON.stringify(config()));
      });
      server.middlewares.use(controlPath, (req, res) => void handleControl(services, req, res));
    },
  };
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const ports: DemoPorts = { ...defaultPorts, ...options.ports };
  const services = await startServices({
    host,
    ports,
    tickerRate: options.tickerRate ?? 10_000,
    weatherRate: options.weatherRate ?? 100,
    flakyFailureRate: options.flakyFailureRate ?? 0.1,
  }).catch((error: unknown) => {
    throw portInUse(error, ports) ?? error;
  });
  let gateway: Gateway | undefined;
  let vite: ViteDevServer | undefined;
  let url = "";
  try {
    const config = demoConfig();
    vite = await createServer({
      ...config,
      configFile: false,
      root: fileURLToPath(new URL("..", import.meta.url)),
      logLevel: "warn",
      server: { ...config.server, port: ports.web, strictPort: ports.web !== 0, host: "localhost" },
      plugins: [demoServerPlugin(() => ({ gatewayPort: gateway!.port, endpoints: endpointsFor(ports, host) }), services)],
    });
    await vite.listen();
    url = vite.resolvedUrls!.local[0].replace(/\/$/, "");
    const webPort = new URL(url).port;
    gateway = await createGateway({
      host,
      port: ports.gateway,
      allow: Object.values(endpointsFor(ports, host)).map((endpoint) => endpoint.slice("tcp://".length)),
      origins: [`http://localhost:${webPort}`, `http://127.0.0.1:${webPort}`],
      log: options.log ?? false,
    });
  } catch (error) {
    await vite?.close();
    await services.close();
    throw portInUse(error, ports) ?? error;
  }
  return {
    url,
    gateway,
    services,
    close: async () => {
      await vite!.close();
      await gateway!.close();
      await services.close();
    },
  };
}
