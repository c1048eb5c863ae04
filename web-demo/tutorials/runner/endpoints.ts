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

export function withEndpoints(source: string, endpoints: DemoEndpoints): string {
  return source.replace(/tcp:\/\/localhost:(\d+)/g, (written, port: string) => {
    const service = guidePorts.find(([guidePort]) => guidePort === Number(port));
    return service ? endpoints[service[1]] : written;
  });
}
