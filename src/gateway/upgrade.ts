/**
 * The upgrade: whether an incoming WebSocket upgrade request may become a
 * pipe, decided before anything is connected. In order: the gateway is not
 * shutting down, the handshake is valid, the Origin is allowed, the token
 * matches, the path names a target, the connection limits (in total and per
 * client address) have room, and the TargetPolicy allows the resolved
 * address. A refusal is an HTTP status with its generic text; the reason
 * is counted in the metrics and logged, never sent. An admitted request
 * holds a connection slot until it is given back. The whole upgrade phase,
 * from the request to the target connected, has upgradeTimeoutMs (then
 * 504); shutdown answers every upgrade still in it with 503.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import * as http from "node:http";
import type { Duplex } from "node:stream";
import { KeyCounts } from "./key-counts.js";
import type { Emit } from "./log.js";
import type { Metrics } from "./metrics.js";
import { isIP } from "node:net";
import { canonicalAddress, parseTarget, type TargetPolicy } from "./policy.js";
import type { TrustedProxies } from "./trusted-proxies.js";

export interface UpgradeRules {
  /** Browser origins allowed ("*": any); requests without an Origin header
   * (non-browser clients) are not subject to this list. */
  origins?: readonly string[];
  /** If set: "Authorization: Bearer <token>" or "?token=<token>". */
  token?: string;
  maxConnections: number;
  /** Per client: per IPv4 address, per IPv6 /64 (see clientKey). */
  maxConnectionsPerIp: number;
  /** From the request to the target connected (ms), then 504. */
  upgradeTimeoutMs: number;
  /** Load balancers whose X-Forwarded-For names the client. */
  trustedProxies: TrustedProxies;
}

/** What the checks need to know about the server right now. */
export interface ServerState {
  closing(): boolean;
  /** Pipes open now (they count against maxConnections). */
  openPipes(): number;
}

/** A request that passed every check: where to connect, and its hold on the
 * connection limits. */
export interface Admitted {
  /** "address:port" of the client, for the log. */
  readonly client: string;
  /** "host:port" as parsed from the path, for the log. */
  readonly target: string;
  /** The address the policy checked: connect to it, never to the name again. */
  readonly address: string;
  readonly port: number;
  /** The target accepted: the request stops counting as pending. False:
   * the upgrade was already answered (it timed out, or shutdown began) and
   * its slot given back; drop the target connection. */
  connected(): boolean;
  /** The target did not accept: answers 502 and gives the slot back. */
  unreachable(error: NodeJS.ErrnoException): void;
  /** Gives the client address's slot back: the pipe ended, or it never
   * became one. Once per admitted request. */
  release(): void;
}

/** What ws's handleUpgrade requires (RFC 6455 4.2.1): GET, Upgrade:
 * websocket, a 16-byte base64 Sec-WebSocket-Key, version 13 (or 8), and
 * a well-formed subprotocol list without repeats, if any. */
function validHandshake(req: http.IncomingMessage): boolean {
  const key = req.headers["sec-websocket-key"];
  const version = req.headers["sec-websocket-version"];
  const protocols = req.headers["sec-websocket-protocol"];
  const list = protocols?.split(/[ \t]*,[ \t]*/) ?? [];
  return (
    req.method === "GET" &&
    req.headers.upgrade?.toLowerCase() === "websocket" &&
    typeof key === "string" &&
    /^[+/0-9A-Za-z]{22}==$/.test(key) &&
    (version === "13" || version === "8") &&
    list.every((name) => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) &&
    new Set(list).size === list.length
  );
}

/** What the per-client limit counts under: an IPv4 address (also when it
 * arrives IPv4-mapped), or an IPv6 address's /64, the block one site is
 * usually given, so rotating addresses within it takes no more slots. */
export function clientKey(address: string): string {
  const canonical = canonicalAddress(address);
  if (canonical === undefined || isIP(canonical) === 4) return canonical ?? address;
  const [head, tail] = canonical.split("::").map((half) => (half ? half.split(":") : []));
  // "::" stands for the zero groups that make eight.
  const groups = tail ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill("0"), ...tail] : head;
  return `${groups.slice(0, 4).join(":")}::/64`;
}

function tokenDigest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

export class Upgrades {
  private readonly origins: Set<string>;
  private readonly tokenDigest: Buffer | undefined;
  private readonly perIp = new KeyCounts();
  /** Admitted requests whose target connection is not made yet, and how to
   * answer each one (shutdown answers them all). */
  private readonly inUpgrade = new Set<(status: number, reason: string) => void>();

  constructor(
    private readonly rules: UpgradeRules,
    private readonly policy: TargetPolicy,
    private readonly metrics: Metrics,
    private readonly emit: Emit,
    private readonly server: ServerState,
  ) {
    this.origins = new Set(rules.origins ?? []);
    this.tokenDigest = rules.token ? tokenDigest(rules.token) : undefined;
  }

  /** Refuses the request on `socket` and resolves undefined, or resolves it
   * admitted. Every check but the policy's runs before the first await, so
   * the slot is taken before the next request is looked at. */
  async admit(req: http.IncomingMessage, socket: Duplex): Promise<Admitted | undefined> {
    const from = this.rules.trustedProxies.clientOf(req);
    const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    const client = !from.ok ? peer : from.via ? `${from.address} via ${from.via}` : `${from.address}:${from.port}`;
    const counted = clientKey(from.ok ? from.address : "?");
    const targetText = (req.url ?? "").split("?")[0].slice(1);
    const refuse = (status: number, reason: string): undefined => {
      this.metrics.refuse(reason);
      this.emit({ event: "refused", client, target: targetText, status, reason });
      // The client sees only the status: the reason ("port not allowed",
      // "unresolvable", ...) would let anyone map the allow-list and have
      // names resolved for them. The operator has it in the log and metrics.
      const text = http.STATUS_CODES[status] ?? "Refused";
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length + 1}\r\n\r\n${text}\n`);
      setTimeout(() => socket.destroy(), 1000).unref();
      return undefined;
    };
    if (this.server.closing()) return refuse(503, "shutting down");
    // Check the WebSocket handshake itself before touching the target: ws
    // refuses a malformed one only in handleUpgrade, after the target
    // connection is made, and that connection used to stay open forever
    // (holding a per-IP slot) because ws never calls back.
    if (!validHandshake(req)) return refuse(400, "bad WebSocket handshake");
    if (!from.ok) return refuse(400, from.reason);
    const origin = req.headers.origin;
    if (origin !== undefined && !this.origins.has("*") && !this.origins.has(origin)) return refuse(403, "origin not allowed");
    if (!this.authorized(req)) return refuse(401, "missing or wrong token");
    const target = parseTarget(req.url ?? "");
    if (!target) return refuse(400, "bad target: use /<host>:<port>");
    if (this.server.openPipes() + this.inUpgrade.size >= this.rules.maxConnections) return refuse(503, "too many connections");
    if (this.perIp.get(counted) >= this.rules.maxConnectionsPerIp) return refuse(429, "too many connections from this address");
    this.perIp.add(counted);
    // Until the target is connected, exactly one of these ends the upgrade
    // phase: connected, or an answer (refused, timed out, shut down).
    const lookup = new AbortController();
    let answered = false;
    // A target connection being made holds the client's slot until it
    // settles, even when the upgrade is answered first (timed out, shut
    // down): otherwise a client could have more connects pending than its
    // limit.
    let connecting = false;
    const end = (): boolean => {
      if (answered) return false;
      answered = true;
      clearTimeout(deadline);
      this.inUpgrade.delete(answer);
      return true;
    };
    const answer = (status: number, reason: string): void => {
      if (!end()) return;
      lookup.abort();
      if (!connecting) this.release(counted);
      refuse(status, reason);
    };
    const deadline = setTimeout(() => answer(504, "upgrade timed out"), this.rules.upgradeTimeoutMs);
    this.inUpgrade.add(answer);
    const decision = await this.policy.check(target, counted, lookup.signal);
    if (answered) return undefined;
    if (!decision.ok) {
      answer(decision.status ?? 403, decision.reason);
      return undefined;
    }
    connecting = true;
    /** The connect settled after the upgrade was answered: its slot is free. */
    const settledLate = (): false => {
      this.release(counted);
      return false;
    };
    return {
      client,
      target: `${target.host}:${target.port}`,
      address: decision.address,
      port: decision.port,
      connected: () => end() || settledLate(),
      unreachable: (error) => {
        connecting = false;
        if (answered) settledLate();
        else answer(502, `target unreachable (${error.code ?? error.message})`);
      },
      // Made apart from this upgrade's state (its lookup, deadline and
      // answers), which the pipe would otherwise keep alive for its lifetime
      // (1.2 KB of heap per pipe, test/bench/held.ts).
      release: this.releaser(counted),
    };
  }

  /** Upgrades waiting on DNS or on their target connection now. */
  get pending(): number {
    return this.inUpgrade.size;
  }

  /** Shutdown: answers every upgrade still in its upgrade phase with 503 and
   * stops refreshing the allow-list's names. */
  shutdown(): void {
    for (const answer of [...this.inUpgrade]) answer(503, "shutting down");
    this.policy.stop();
  }

  /** The token, if one is set, is presented (as for an upgrade). */
  authorized(req: http.IncomingMessage): boolean {
    const expected = this.tokenDigest;
    if (!expected) return true;
    // Digests of equal length compared in constant time: neither the
    // token's length nor its first wrong byte shows in the timing.
    const matches = (presented: string | null | undefined) => presented != null && timingSafeEqual(tokenDigest(presented), expected);
    const header = req.headers.authorization;
    const bearer = header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
    const query = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
    // Both are compared, so the time taken says nothing about either.
    return [matches(bearer), matches(query.get("token"))].includes(true);
  }

  /** A release that holds only what it counts under. */
  private releaser(counted: string): () => void {
    return () => this.release(counted);
  }

  private release(counted: string): void {
    this.perIp.remove(counted);
  }
}
