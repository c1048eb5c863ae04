/**
 * Which targets the gateway may reach. Default deny: only the allow-listed
 * host:port pairs, compared after DNS resolution (so a name, a numeric
 * alias or a rebinding trick cannot reach anything else), and never
 * link-local, unspecified, multicast or broadcast addresses. Every address
 * is canonicalised first, so no other spelling of one escapes a check.
 * How names are resolved without making anyone wait: resolver.ts.
 */
import { BlockList, isIP, SocketAddress } from "node:net";
import { AllowedNames, BoundedLookups, dnsResolver, systemResolver, type LookupLimits, type LookupResult, type Resolver } from "./resolver.js";

export { systemResolver, type Resolver } from "./resolver.js";

export interface Target {
  host: string;
  port: number;
}

/** Parses the request path `/<host>:<port>` (IPv6 as `/[addr]:port`). */
export function parseTarget(path: string): Target | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.split("?")[0] ?? "");
  } catch {
    return undefined;
  }
  const match = /^\/(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(decoded);
  if (!match) return undefined;
  const host = match[1] ?? match[2];
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  if (match[1] && isIP(host) !== 6) return undefined;
  return { host: host.toLowerCase(), port };
}

/** Parses an allow-list entry "host:port" or "[v6]:port". */
export function parseAllowEntry(entry: string): Target {
  const target = parseTarget(`/${entry.trim()}`);
  if (!target) throw new Error(`Invalid allow-list entry ${JSON.stringify(entry)}: expected host:port or [ipv6]:port`);
  return target;
}

/** The one spelling of an IP address that every check compares: IPv6 in
 * its shortest form (`0:0::0` is `::`), an IPv4-mapped IPv6 address as the
 * IPv4 address it reaches (`::ffff:a9fe:a9fe` is `169.254.169.254`).
 * Undefined for anything that is not an IP address. */
export function canonicalAddress(ip: string): string | undefined {
  const family = isIP(ip);
  if (family === 0) return undefined;
  const canonical = new SocketAddress({ address: ip, family: family === 4 ? "ipv4" : "ipv6" }).address;
  const mapped = canonical.startsWith("::ffff:") ? canonical.slice("::ffff:".length) : "";
  return isIP(mapped) === 4 ? mapped : canonical;
}

function addressClass(subnets: Array<[string, number, "ipv4" | "ipv6"]>): BlockList {
  const list = new BlockList();
  for (const [network, prefix, family] of subnets) list.addSubnet(network, prefix, family);
  return list;
}

/** Address classes never reached, whatever the allow-list says. */
const neverReached: Array<[string, BlockList]> = [
  ["unspecified", addressClass([["0.0.0.0", 8, "ipv4"], ["::", 128, "ipv6"]])],
  ["link-local", addressClass([["169.254.0.0", 16, "ipv4"], ["fe80::", 10, "ipv6"]])],
  ["multicast", addressClass([["224.0.0.0", 4, "ipv4"], ["ff00::", 8, "ipv6"]])],
  ["reserved", addressClass([["240.0.0.0", 4, "ipv4"]])],
];

/** Why an address is never reached, or undefined; in any spelling. */
export function forbiddenAddress(ip: string): string | undefined {
  const canonical = canonicalAddress(ip);
  if (canonical === undefined) return "invalid";
  const family = isIP(canonical) === 4 ? "ipv4" : "ipv6";
  return neverReached.find(([, list]) => list.check(canonical, family))?.[0];
}

/** A decision: the address to connect to, or why not (and the HTTP status,
 * 403 unless said otherwise). */
export type Decision = { ok: true; address: string; port: number } | { ok: false; reason: string; status?: number };

export interface ResolutionOptions extends LookupLimits {
  /** Re-resolve the allow-list's names this often (ms). */
  dnsRefreshMs: number;
  /** DNS servers asked for client-sent names (default: the system's). */
  dnsServers?: readonly string[];
  /** One resolver for everything (tests); default: see resolver.ts. */
  resolve?: Resolver;
  /** An allow-list name's lookup failed or timed out (its last answer stays). */
  failed?: (name: string, error: Error) => void;
}

/** The gateway's defaults for resolution (createGateway's too). */
export const resolutionDefaults = { dnsTimeoutMs: 5000, dnsRefreshMs: 60_000, maxLookups: 64, maxLookupsPerIp: 4 } satisfies ResolutionOptions;

export class TargetPolicy {
  private readonly allowed: Target[];
  private readonly names: AllowedNames;
  private readonly lookups: BoundedLookups;

  /** `resolution`: a Resolver (tests) or the options. */
  constructor(allow: string[], resolution: Resolver | Partial<ResolutionOptions> = {}) {
    this.allowed = allow.map(parseAllowEntry);
    const options = { ...resolutionDefaults, ...(typeof resolution === "function" ? { resolve: resolution } : resolution) };
    const names = this.allowed.map((entry) => entry.host).filter((host) => !isIP(host));
    this.names = new AllowedNames(names, options.resolve ?? systemResolver, options.dnsTimeoutMs, options.dnsRefreshMs, options.failed);
    this.lookups = new BoundedLookups(options.resolve ?? dnsResolver(options.dnsTimeoutMs, options.dnsServers), options);
  }

  get entries(): readonly Target[] {
    return this.allowed;
  }

  /** The allow-list's names resolved once (each within dnsTimeoutMs). */
  get ready(): Promise<void> {
    return this.names.ready;
  }

  /** Client-sent names being resolved now. */
  get lookupsInFlight(): number {
    return this.lookups.inFlight;
  }

  /** Stops refreshing the allow-list's names. */
  stop(): void {
    this.names.stop();
  }

  /** The host's addresses, canonical (see canonicalAddress), so that every
   * spelling of an address is checked and compared as one: an IP literal as
   * it is, an allow-listed name from its last background answer, any other
   * name looked up within the limits for `client`. */
  private async addresses(host: string, client: string, signal?: AbortSignal): Promise<LookupResult> {
    let found: LookupResult;
    if (isIP(host)) found = { ok: true, addresses: [host] };
    else if (this.allowed.some((entry) => entry.host === host)) {
      await this.names.ready;
      const answer = this.names.addresses(host);
      found = answer ? { ok: true, addresses: answer } : { ok: false, reason: "unresolvable", status: 403 };
    } else found = await this.lookups.lookup(host, client, signal);
    if (!found.ok) return found;
    const addresses = found.addresses.map(canonicalAddress).filter((address): address is string => address !== undefined);
    return addresses.length ? { ok: true, addresses } : { ok: false, reason: "unresolvable", status: 403 };
  }

  /** Resolves the target and picks an address that an allow-list entry for
   * the same port resolves to. The caller connects to that address, never
   * to the name again (no second lookup to rebind). `client` is who the
   * lookup counts against (see LookupLimits); `signal` abandons it. */
  async check(target: Target, client = "", signal?: AbortSignal): Promise<Decision> {
    const entries = this.allowed.filter((entry) => entry.port === target.port);
    if (entries.length === 0) return { ok: false, reason: "port not allowed" };
    const candidates = await this.addresses(target.host, client, signal);
    if (!candidates.ok) return candidates;
    const allowedAddresses = new Set<string>();
    for (const entry of entries) {
      const found = await this.addresses(entry.host, client);
      for (const address of found.ok ? found.addresses : []) allowedAddresses.add(address);
    }
    for (const address of candidates.addresses) {
      const forbidden = forbiddenAddress(address);
      if (forbidden) return { ok: false, reason: `${forbidden} address` };
    }
    const address = candidates.addresses.find((candidate) => allowedAddresses.has(candidate));
    if (!address) return { ok: false, reason: "host not allowed" };
    return { ok: true, address, port: target.port };
  }
}
