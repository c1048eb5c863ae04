/**
 * Which targets the gateway may reach. Default deny: only the allow-listed
 * host:port pairs, compared after DNS resolution (so a name, a numeric
 * alias or a rebinding trick cannot reach anything else), and never
 * link-local, unspecified, multicast or broadcast addresses.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

export interface Target {
  host: string;
  port: number;
}

/** Resolves a host name to addresses (injectable for tests). */
export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

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

function ipv4Number(ip: string): number {
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

/** Addresses never reached, whatever the allow-list says. */
export function forbiddenAddress(ip: string): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return forbiddenAddress(mapped[1]);
  if (isIP(ip) === 4) {
    const n = ipv4Number(ip);
    const inNet = (base: string, bits: number) => n >>> (32 - bits) === ipv4Number(base) >>> (32 - bits);
    if (inNet("0.0.0.0", 8)) return "unspecified";
    if (inNet("169.254.0.0", 16)) return "link-local";
    if (inNet("224.0.0.0", 4)) return "multicast";
    if (inNet("240.0.0.0", 4)) return "reserved";
    return undefined;
  }
  const lower = ip.toLowerCase();
  if (lower === "::") return "unspecified";
  if (/^fe[89ab]/.test(lower)) return "link-local";
  if (lower.startsWith("ff")) return "multicast";
  return undefined;
}

/** A decision: the address to connect to, or why not. */
export type Decision = { ok: true; address: string; port: number } | { ok: false; reason: string };

export class TargetPolicy {
  private readonly allowed: Target[];

  constructor(
    allow: string[],
    private readonly resolve: Resolver = systemResolver,
  ) {
    this.allowed = allow.map(parseAllowEntry);
  }

  get entries(): readonly Target[] {
    return this.allowed;
  }

  private async addresses(host: string): Promise<string[]> {
    if (isIP(host)) return [host];
    try {
      return await this.resolve(host);
    } catch {
      return [];
    }
  }

  /** Resolves the target and picks an address that an allow-list entry for
   * the same port resolves to. The caller connects to that address, never
   * to the name again (no second lookup to rebind). */
  async check(target: Target): Promise<Decision> {
    const entries = this.allowed.filter((entry) => entry.port === target.port);
    if (entries.length === 0) return { ok: false, reason: "port not allowed" };
    const candidates = await this.addresses(target.host);
    if (candidates.length === 0) return { ok: false, reason: "unresolvable" };
    const allowedAddresses = new Set<string>();
    for (const entry of entries) for (const address of await this.addresses(entry.host)) allowedAddresses.add(address);
    for (const address of candidates) {
      const forbidden = forbiddenAddress(address);
      if (forbidden) return { ok: false, reason: `${forbidden} address` };
    }
    const address = candidates.find((candidate) => allowedAddresses.has(candidate));
    if (!address) return { ok: false, reason: "host not allowed" };
    return { ok: true, address, port: target.port };
  }
}
