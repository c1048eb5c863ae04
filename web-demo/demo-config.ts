/**
 * What the demo page and its server agree on: where the gateway listens and
 * the tcp:// endpoints of the demo services (as seen from the gateway). The
 * server serves the live values at /demo-config.json; a static build falls
 * back to these defaults.
 */
export interface DemoEndpoints {
  /** Reply: answers every request with "World". */
  hello: string;
  /** Publisher: weather updates "<zip> <temperature> <humidity> <sent ms>". */
  weather: string;
  /** Router: Clone-pattern snapshots of the ticker ("ICANHAZ?" -> state, "KTHXBAI"). */
  tickerSnapshot: string;
  /** Publisher: ticker updates [symbol, sequence, JSON body]. */
  tickerUpdates: string;
  /** Router that echoes requests but fails some, at random (for Lazy Pirate). */
  flaky: string;
}

export interface DemoPorts {
  web: number;
  gateway: number;
  hello: number;
  weather: number;
  tickerSnapshot: number;
  tickerUpdates: number;
  flaky: number;
}

/** The page's config: from /demo-config.json when the page's server has
 * one (npm start serves it; a static site can ship the file), else the
 * built-in defaults below. */
export interface PageConfig {
  /** The gateway's port on the page's own host name. */
  gatewayPort: number;
  endpoints: DemoEndpoints;
  /** Where the page got this config (set by the page, for messages). */
  source?: string;
}

export const defaultPorts: DemoPorts = {
  web: 5173,
  gateway: 8089,
  hello: 5555,
  weather: 5556,
  tickerSnapshot: 5557,
  tickerUpdates: 5558,
  flaky: 5559,
};

/** The services bind on loopback; the gateway reaches them there. */
export function endpointsFor(ports: DemoPorts, host = "127.0.0.1"): DemoEndpoints {
  const at = (port: number) => `tcp://${host}:${port}`;
  return {
    hello: at(ports.hello),
    weather: at(ports.weather),
    tickerSnapshot: at(ports.tickerSnapshot),
    tickerUpdates: at(ports.tickerUpdates),
    flaky: at(ports.flaky),
  };
}

/** The weather feed's cities: a subscription prefix each (the zip code). */
export const cities = [
  { zip: "10001", name: "New York" },
  { zip: "60601", name: "Chicago" },
  { zip: "73301", name: "Austin" },
  { zip: "94103", name: "San Francisco" },
  { zip: "98101", name: "Seattle" },
] as const;

/** The ticker's symbols (made up). */
export const symbols = ["ACME", "GLOBEX", "INITECH", "HOOLI", "STARK", "WAYNE", "TYRELL", "SOYLENT"] as const;
