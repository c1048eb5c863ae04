// `npm start`: the gateway, the demo services and the web demo, with the
// embedded default config (web-demo/demo-config.ts). Ctrl-C stops it all.
// Optional (README, "npm start"): PORT (web app), GATEWAY_PORT,
// SERVICES_PORT (first of five); TICKER_RATE and WEATHER_RATE, the feeds'
// messages per second (default 10000 and 100: the dashboard's load).
import { defaultPorts } from "../demo-config.ts";
import { PortInUseError, startDemo } from "./demo.ts";

const fromEnv = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const base = fromEnv("SERVICES_PORT", defaultPorts.hello);
const ports = {
  web: fromEnv("PORT", defaultPorts.web),
  gateway: fromEnv("GATEWAY_PORT", defaultPorts.gateway),
  hello: base,
  weather: base + 1,
  tickerSnapshot: base + 2,
  tickerUpdates: base + 3,
  flaky: base + 4,
};
const demo = await startDemo({
  ports,
  tickerRate: fromEnv("TICKER_RATE", 10_000),
  weatherRate: fromEnv("WEATHER_RATE", 100),
  log: (entry) => {
    if (entry.event !== "open" && entry.event !== "close") console.log(`gateway: ${JSON.stringify(entry)}`);
  },
}).catch((error: unknown) => {
  if (!(error instanceof PortInUseError)) throw error;
  // One line, no stack trace: the port and the variable that moves it.
  console.error(`npm start: ${error.message}`);
  process.exit(1);
});
console.log(`
  zeromq-wasm demo: ${demo.url}
  gateway:          ${demo.gateway.url} (allows the demo services only)
  services:         tcp://127.0.0.1:${ports.hello} hello (REP), :${ports.weather} weather (PUB), :${ports.tickerSnapshot}/:${ports.tickerUpdates} ticker (Clone: ROUTER snapshots, PUB updates), :${ports.flaky} flaky (Lazy Pirate)
  control:          ${demo.url}/demo/control (GET: services' state; POST /demo/control/<service>/stop|start)

  Ctrl-C to stop.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log("stopping…");
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  await demo.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
