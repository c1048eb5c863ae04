/** DNS for gateway tests: a real DNS server on loopback that never answers,
 * and resolvers that ask it. */
import { Resolver as DnsResolver } from "node:dns/promises";
import * as dgram from "node:dgram";
import type { Resolver } from "../../dist/gateway/policy.js";

export interface SilentDnsServer {
  /** "127.0.0.1:port", for setServers / --dns-server. */
  address: string;
  /** Queries received (and swallowed). */
  queries: number;
  close(): Promise<void>;
}

/** A UDP DNS server that reads every query and answers none. */
export async function silentDnsServer(): Promise<SilentDnsServer> {
  const socket = dgram.createSocket("udp4");
  const server = { address: "", queries: 0, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
  socket.on("message", () => server.queries++);
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  server.address = `127.0.0.1:${socket.address().port}`;
  return server;
}

/** A resolver with `answers` for those names until silence() is called
 * (then the DNS server goes silent for them too); every other lookup asks
 * `server` with c-ares, waiting up to a minute unless the caller aborts. The
 * calls in flight are counted. */
export function goingSilent(
  server: SilentDnsServer,
  answers: Record<string, string[]> = {},
): Resolver & { inFlight: number; most: number; silence(): void } {
  let silent = false;
  const resolve = async (host: string, signal?: AbortSignal): Promise<string[]> => {
    if (answers[host] && !silent) return answers[host];
    const resolver = new DnsResolver({ timeout: 60_000, tries: 1 });
    resolver.setServers([server.address]);
    signal?.addEventListener("abort", () => resolver.cancel(), { once: true });
    counted.inFlight++;
    counted.most = Math.max(counted.most, counted.inFlight);
    try {
      return await resolver.resolve4(host);
    } finally {
      counted.inFlight--;
    }
  };
  const counted = Object.assign(resolve, { inFlight: 0, most: 0, silence: () => void (silent = true) });
  return counted;
}
