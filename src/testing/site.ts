/**
 * A team's page with what it connects to: a gateway (the package's own,
 * zeromq-wasm/gateway) that allows the given targets and the page's origin
 * only, and the page directory served cross-origin isolated (page-server.ts).
 * One close() stops both.
 */
import { createGateway, type Gateway, type LogEntry } from "../gateway/server.js";
import { servePages } from "./page-server.js";
import { waitUntil, type WaitOptions } from "./wait.js";

/** A target: "host:port", "tcp://host:port", or a scripted peer. */
export type Target = string | { readonly target: string };

export interface SiteOptions {
  /** The page directory, served at /. */
  pages: string;
  /** What the page may reach through the gateway. */
  allow: Target[];
  /** COOP/COEP headers on the pages (default true). */
  isolated?: boolean;
}

export interface Site {
  /** http://localhost:<port>, the pages' origin. */
  readonly url: string;
  /** ws://127.0.0.1:<port>, for the page's configure({ gateway }). */
  readonly gatewayUrl: string;
  readonly gateway: Gateway;
  /** The gateway's log (opened, closed and refused connections, with reasons). */
  readonly gatewayLog: LogEntry[];
  /** A page's URL, with the query parameters given (e.g. the gateway's URL
   * and the peers' endpoints, for the page to read). */
  pageUrl(path?: string, query?: Record<string, string>): string;
  /** WebSocket connections the gateway has open now. */
  connections(): number;
  /** Waits until the gateway has at least `count` connections open (or,
   * with `exactly`, that many: 0 once the page has gone). */
  waitForConnections(count: number, options?: WaitOptions & { exactly?: boolean }): Promise<void>;
  close(): Promise<void>;
}

const targetOf = (target: Target): string => (typeof target === "string" ? target.replace(/^tcp:\/\//, "") : target.target);

export async function startSite(options: SiteOptions): Promise<Site> {
  const pages = await servePages({ root: options.pages, isolated: options.isolated });
  const gatewayLog: LogEntry[] = [];
  let gateway: Gateway;
  try {
    gateway = await createGateway({ port: 0, allow: options.allow.map(targetOf), origins: [pages.url], log: (entry) => gatewayLog.push(entry) });
  } catch (error) {
    await pages.close();
    throw error;
  }
  const connections = () => gateway.stats().open;
  return {
    url: pages.url,
    gatewayUrl: gateway.url,
    gateway,
    gatewayLog,
    pageUrl: (path = "/", query = {}) => {
      const url = new URL(path, pages.url);
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      return url.href;
    },
    connections,
    waitForConnections: (count, { exactly = false, ...wait } = {}) =>
      waitUntil(
        () => (exactly ? connections() === count : connections() >= count),
        () => `${exactly ? "exactly" : "at least"} ${count} gateway connection(s) (open: ${connections()})`,
        wait,
      ),
    close: async () => {
      await gateway.close();
      await pages.close();
    },
  };
}
