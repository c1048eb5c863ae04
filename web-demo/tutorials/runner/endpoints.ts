/**
 * Tutorial programs are written as the Guide writes them, with its
 * endpoints (tcp://localhost:5555). The demo's services may listen on other
 * ports (SERVICES_PORT) and are reached as the gateway sees them: the page
 * shows and runs each program with the running config's endpoints.
 */
import { defaultPorts, type DemoEndpoints } from "../../demo-config.ts";

const guidePorts: Array<[number, keyof DemoEndpoints]> = [
  [defaultPorts.hello, "hello"],
  [defaultPorts.weather, "weather"],
  [defaultPorts.tickerSnapshot, "tickerSnapshot"],
  [defaultPorts.tickerUpdates, "tickerUpdates"],
  [defaultPorts.flaky, "flaky"],
];

/** The demo service the Guide reaches at this port, if any. */
export function serviceAtGuidePort(port: number): keyof DemoEndpoints | undefined {
  return guidePorts.find(([guidePort]) => guidePort === port)?.[1];
}

export function withEndpoints(source: string, endpoints: DemoEndpoints): string {
  return source.replace(/tcp:\/\/localhost:(\d+)/g, (written, port: string) => {
    const service = serviceAtGuidePort(Number(port));
    return service ? endpoints[service] : written;
  });
}
