/**
 * The demo's services, composed: each one (services/hello-server.ts,
 * weather-server.ts, ticker-server.ts, flaky-server.ts) is an ordinary
 * tcp:// ZeroMQ server written with the project's Node API, usable by any
 * ZeroMQ client. This module starts them on the demo's ports and lets the
 * demo control (control.ts) stop and start each one.
 */
import type { DemoPorts } from "../demo-config.ts";
import { serviceNames, type ControlState, type ServiceName } from "../demo-control.ts";
import { startFlakyServer } from "./services/flaky-server.ts";
import { startHelloServer } from "./services/hello-server.ts";
import { startTickerServer } from "./services/ticker-server.ts";
import { startWeatherServer } from "./services/weather-server.ts";

export interface ServiceOptions {
  host: string;
  ports: DemoPorts;
  /** Ticker updates per second (the dashboard's load). */
  tickerRate: number;
  /** Weather updates per second, over all cities. */
  weatherRate: number;
  /** The share of requests the Lazy Pirate server fails (default 0: a
   * test's outcome must not be random; npm start's startDemo sets 0.1). */
  flakyFailureRate?: number;
}

interface Running {
  close(): Promise<void>;
}

export interface Services {
  /** Stops every service (its sockets close; clients see the peer go). */
  stop(): Promise<void>;
  /** Starts those not running (a restarted ticker gets a new epoch). */
  start(): Promise<void>;
  stopService(name: ServiceName): Promise<void>;
  startService(name: ServiceName): Promise<void>;
  setFailureRate(value: number): void;
  state(): ControlState;
  close(): Promise<void>;
}

export async function startServices(options: ServiceOptions): Promise<Services> {
  const at = (port: number) => `tcp://${options.host}:${port}`;
  const { ports } = options;
  let failureRate = options.flakyFailureRate ?? 0;
  const running = new Map<ServiceName, Running>();

  const launch: Record<ServiceName, () => Promise<Running>> = {
    hello: () => startHelloServer(at(ports.hello)),
    weather: () => startWeatherServer(at(ports.weather), options.weatherRate),
    ticker: () => startTickerServer(at(ports.tickerSnapshot), at(ports.tickerUpdates), options.tickerRate),
    flaky: () => startFlakyServer(at(ports.flaky), { failureRate: () => failureRate, onCrash: () => running.delete("flaky") }),
  };
  const startService = async (name: ServiceName) => {
    if (!running.has(name)) running.set(name, await launch[name]());
  };
  const stopService = async (name: ServiceName) => {
    const service = running.get(name);
    running.delete(name);
    await service?.close();
  };
  const stop = () => Promise.all(serviceNames.map(stopService)).then(() => {});
  // All or none: if one cannot bind (its port is taken), those that did
  // are closed again rather than left holding their ports and the process.
  const start = async () => {
    const started = await Promise.allSettled(serviceNames.map(startService));
    const failed = started.find((result) => result.status === "rejected");
    if (!failed) return;
    await stop();
    throw failed.reason;
  };

  await start();
  return {
    stop,
    start,
    stopService,
    startService,
    setFailureRate(value) {
      if (!(value >= 0 && value <= 1)) throw new RangeError(`failure rate ${value}: use 0..1`);
      failureRate = value;
    },
    state: () => ({
      services: {
        hello: { running: running.has("hello") },
        weather: { running: running.has("weather") },
        ticker: { running: running.has("ticker") },
        flaky: { running: running.has("flaky"), failureRate },
      },
    }),
    close: stop,
  };
}
