/**
 * Load balancers the gateway trusts to say who their client is. Behind
 * nginx every connection comes from nginx's address: the per-client limits
 * would count nginx, and the log would name it. A request from a trusted
 * proxy is taken to be from the last address of its X-Forwarded-For (the
 * one that proxy added: nginx's $proxy_add_x_forwarded_for); the header is
 * ignored from anyone else, who could write any address into it.
 */
import type * as http from "node:http";
import { canonicalAddress } from "./policy.js";

/** Who a request is from. */
export type RequestClient =
  | { ok: true; address: string; port: number | undefined; via?: string }
  | { ok: false; reason: string };

export class TrustedProxies {
  readonly #addresses: Set<string>;

  /** addresses: IPv4 or IPv6 addresses; throws on anything else. */
  constructor(addresses: readonly string[] = []) {
    this.#addresses = new Set(
      addresses.map((address) => {
        const canonical = canonicalAddress(address);
        if (canonical === undefined) throw new Error(`createGateway: trustProxies takes IP addresses, got ${JSON.stringify(address)}`);
        return canonical;
      }),
    );
  }

  /** A connection from there is a trusted proxy's. */
  has(address: string | undefined): boolean {
    const canonical = address === undefined ? undefined : canonicalAddress(address);
    return canonical !== undefined && this.#addresses.has(canonical);
  }

  /** The request's client: its peer, or the address a trusted peer forwards. */
  clientOf(req: http.IncomingMessage): RequestClient {
    const peer = req.socket.remoteAddress ?? "?";
    const own: RequestClient = { ok: true, address: peer, port: req.socket.remotePort };
    if (!this.has(peer)) return own;
    const header = req.headers["x-forwarded-for"];
    // A proxy that adds nothing forwards a client of its own making (a health check).
    if (header === undefined) return own;
    const last = (Array.isArray(header) ? header.join(",") : header).split(",").pop()!.trim();
    const forwarded = canonicalAddress(last);
    if (forwarded === undefined) return { ok: false, reason: "bad X-Forwarded-For from a trusted proxy" };
    return { ok: true, address: forwarded, port: undefined, via: peer };
  }
}
