/**
 * Name resolution for the gateway, built so that no client can make another
 * wait on DNS:
 *
 * - The allow-list's names (the operator's) are resolved by the system
 *   (getaddrinfo: /etc/hosts, nsswitch, like every other program on the
 *   host) when the gateway starts and again in the background every
 *   dnsRefreshMs; an upgrade reads the last answer. One lookup per name is in
 *   flight at a time, so a DNS server that never answers holds at most one of
 *   libuv's threadpool threads per allow-listed name, whatever clients do.
 * - Any other name a client sends is asked of the DNS servers directly
 *   (node:dns's Resolver, i.e. c-ares: not the threadpool, and cancellable),
 *   within dnsTimeoutMs, at most maxLookups at once in total and
 *   maxLookupsPerIp per client. It does not read /etc/hosts: a name known
 *   only there is reached by putting it on the allow-list.
 * - IP literals are never resolved.
 */
import { lookup, Resolver as DnsResolver } from "node:dns/promises";

/** Resolves a host name to addresses, giving up when `signal` aborts
 * (injectable for tests). */
export type Resolver = (host: string, signal?: AbortSignal) => Promise<string[]>;

/** The system's resolution (getaddrinfo, on libuv's threadpool; cannot be
 * cancelled): for the allow-list's names only. */
export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** Asks DNS servers directly (default: the system's, from resolv.conf), for
 * A and AAAA records, one try of at most `timeoutMs`; abort cancels. */
export function dnsResolver(timeoutMs: number, servers?: readonly string[]): Resolver {
  return async (host, signal) => {
    const resolver = new DnsResolver({ timeout: timeoutMs, tries: 1 });
    if (servers?.length) resolver.setServers(servers);
    const cancel = () => resolver.cancel();
    if (signal?.aborted) cancel();
    signal?.addEventListener("abort", cancel, { once: true });
    try {
      const answers = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
      const found = answers.flatMap((answer) => (answer.status === "fulfilled" ? answer.value : []));
      if (found.length === 0) throw (answers[0] as PromiseRejectedResult).reason;
      return found;
    } finally {
      signal?.removeEventListener("abort", cancel);
    }
  };
}

/** Checks DNS server addresses ("ip" or "ip:port") as the gateway starts. */
export function checkDnsServers(servers: readonly string[]): void {
  try {
    new DnsResolver().setServers(servers);
  } catch (error) {
    throw new Error(`dnsServers: ${(error as Error).message} (want "ip" or "ip:port", got ${JSON.stringify(servers)})`);
  }
}

class DnsTimeout extends Error {
  readonly code = "ETIMEOUT";
  constructor(host: string, ms: number) {
    super(`no DNS answer for ${host} within ${ms} ms`);
  }
}

/** The lookup, or a DnsTimeout after `ms` (the lookup is aborted then). */
function withTimeout(resolve: Resolver, host: string, ms: number, signal?: AbortSignal): Promise<string[]> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  signal?.addEventListener("abort", stop, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new DnsTimeout(host, ms));
    }, ms);
    signal?.addEventListener("abort", () => reject(new DnsTimeout(host, 0)), { once: true });
  });
  return Promise.race([resolve(host, abort.signal), expired]).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", stop);
  });
}

export interface LookupLimits {
  dnsTimeoutMs: number;
  /** Client-sent names being resolved at once, in total. */
  maxLookups: number;
  /** ... and per client (see upgrade.ts's clientKey). */
  maxLookupsPerIp: number;
}

/** A lookup's outcome: the addresses, or why there are none and the HTTP
 * status that says so. */
export type LookupResult = { ok: true; addresses: string[] } | { ok: false; reason: string; status: number };

/** Client-sent names, resolved within the LookupLimits. */
export class BoundedLookups {
  private active = 0;
  private readonly perClient = new Map<string, number>();

  constructor(
    private readonly resolve: Resolver,
    private readonly limits: LookupLimits,
  ) {}

  /** Lookups in flight now. */
  get inFlight(): number {
    return this.active;
  }

  async lookup(host: string, client: string, signal?: AbortSignal): Promise<LookupResult> {
    // Refused at once rather than queued: a queue would make a well-behaved
    // client wait behind an attacker's names.
    if (this.active >= this.limits.maxLookups) return { ok: false, reason: "too many DNS lookups", status: 503 };
    const mine = this.perClient.get(client) ?? 0;
    if (mine >= this.limits.maxLookupsPerIp) return { ok: false, reason: "too many DNS lookups from this address", status: 429 };
    this.active++;
    this.perClient.set(client, mine + 1);
    try {
      return { ok: true, addresses: await withTimeout(this.resolve, host, this.limits.dnsTimeoutMs, signal) };
    } catch (error) {
      return { ok: false, reason: error instanceof DnsTimeout ? "DNS timeout" : "unresolvable", status: 403 };
    } finally {
      this.active--;
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left <= 0) this.perClient.delete(client);
      else this.perClient.set(client, left);
    }
  }
}

/** The allow-list's names, resolved in the background: an upgrade reads the
 * last answer and never waits. An answer is kept until a later lookup
 * succeeds (a DNS outage does not take allowed targets away). */
export class AllowedNames {
  private readonly answers = new Map<string, string[]>();
  private readonly inFlight = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  /** The first resolution of every name, each within dnsTimeoutMs. */
  readonly ready: Promise<void>;

  constructor(
    names: readonly string[],
    private readonly resolve: Resolver,
    private readonly timeoutMs: number,
    refreshMs: number,
    private readonly failed: (name: string, error: Error) => void = () => {},
  ) {
    const unique = [...new Set(names)];
    this.ready = Promise.all(unique.map((name) => this.refresh(name))).then(() => {});
    this.timer = setInterval(() => unique.forEach((name) => void this.refresh(name)), refreshMs).unref();
  }

  /** The name's last answer; undefined if it never resolved. */
  addresses(name: string): string[] | undefined {
    return this.answers.get(name);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Looks the name up unless a lookup for it is still running (a hung one
   * is not repeated: it would hold one more threadpool thread). */
  private async refresh(name: string): Promise<void> {
    if (this.inFlight.has(name)) return;
    this.inFlight.add(name);
    const done = this.resolve(name).then(
      (found) => void this.answers.set(name, found),
      (error: Error) => this.failed(name, error),
    );
    void done.finally(() => this.inFlight.delete(name));
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.failed(name, new DnsTimeout(name, this.timeoutMs));
        resolve();
      }, this.timeoutMs);
    });
    await Promise.race([done, expired]);
    clearTimeout(timer);
  }
}
