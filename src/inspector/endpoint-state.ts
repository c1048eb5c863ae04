/**
 * Each endpoint's state as a socket's events tell it: connecting, connected,
 * retrying (with libzmq's next delay), handshake failed, listening (with its
 * peers), ... plus reconnects and the last error. Events name the address
 * libzmq resolved (tcp://127.0.0.1:5555 for tcp://localhost:5555), so an
 * event's address is matched to a named endpoint by scheme and port when
 * it is not the same string.
 */
import type { Event } from "../observer.js";
import type { NamedEndpoint } from "../inspect/registry.js";

export type EndpointStateName =
  | "unknown"
  | "connecting"
  | "connected"
  | "retrying"
  | "handshake failed"
  | "disconnected"
  | "closed"
  | "listening"
  | "bind failed";

export interface EndpointState {
  address: string;
  verb: NamedEndpoint["verb"] | "unknown";
  state: EndpointStateName;
  /** libzmq's delay before the next connect attempt (while retrying). */
  retryMs?: number;
  /** Connections made again after one was lost. */
  reconnects: number;
  /** Peers connected to a bound endpoint. */
  peers: number;
  lastError?: string;
}

export class EndpointStates {
  readonly #byAddress = new Map<string, EndpointState & { lost: boolean }>();
  /** The last error of any endpoint, with its address. */
  lastError: string | undefined;

  /** Applies one event of the socket (events without an address do nothing). */
  apply(event: Event, named: readonly NamedEndpoint[]): void {
    if (!("address" in event)) return;
    const entry = this.#entry(match(event.address, named));
    switch (event.type) {
      case "connect:delay":
        entry.state = "connecting";
        break;
      case "connect:retry":
        entry.state = "retrying";
        entry.retryMs = event.interval;
        entry.lost = true;
        break;
      case "connect":
      case "handshake":
        if (entry.lost) entry.reconnects++;
        entry.lost = false;
        entry.state = "connected";
        entry.retryMs = undefined;
        break;
      case "disconnect":
        if (entry.verb === "bind") entry.peers = Math.max(0, entry.peers - 1);
        else (entry.state = "disconnected"), (entry.lost = true);
        break;
      case "close":
        if (entry.verb !== "bind") entry.state = "closed";
        break;
      case "bind":
        entry.state = "listening";
        if (entry.verb === "unknown") entry.verb = "bind";
        break;
      case "accept":
        entry.peers++;
        // The first event seen may be an accept (the panel opened late).
        if (entry.state === "unknown") entry.state = "listening";
        if (entry.verb === "unknown") entry.verb = "bind";
        break;
      case "bind:error":
        entry.state = "bind failed";
        break;
      case "handshake:error:protocol":
      case "handshake:error:auth":
      case "handshake:error:other":
        entry.state = "handshake failed";
        break;
    }
    if ("error" in event) {
      entry.lastError = `${event.type}: ${event.error.message}`;
      this.lastError = `${entry.address} ${entry.lastError}`;
    }
  }

  /** The named endpoints, each with its state, then any other address
   * events named (an accepted peer's, a wildcard bind's). */
  list(named: readonly NamedEndpoint[]): EndpointState[] {
    const rows: Array<EndpointState & { lost?: boolean }> = named.map(({ verb, address }) => this.#byAddress.get(address) ?? fresh(address, verb));
    for (const [address, entry] of this.#byAddress) if (!named.some((endpoint) => endpoint.address === address)) rows.push(entry);
    return rows.map(({ lost: _lost, ...state }) => state);
  }

  #entry(endpoint: { address: string; verb: EndpointState["verb"] }): EndpointState & { lost: boolean } {
    let entry = this.#byAddress.get(endpoint.address);
    if (!entry) this.#byAddress.set(endpoint.address, (entry = { ...fresh(endpoint.address, endpoint.verb), lost: false }));
    return entry;
  }
}

function fresh(address: string, verb: EndpointState["verb"]): EndpointState {
  return { address, verb, state: "unknown", reconnects: 0, peers: 0 };
}

/** The named endpoint an event's address is about: the same string, or the
 * same scheme and port (libzmq names the address it resolved). */
function match(address: string, named: readonly NamedEndpoint[]): { address: string; verb: EndpointState["verb"] } {
  const exact = named.find((endpoint) => endpoint.address === address);
  if (exact) return exact;
  const key = schemeAndPort(address);
  const similar = key ? named.filter((endpoint) => schemeAndPort(endpoint.address) === key) : [];
  return similar.length === 1 ? similar[0] : { address, verb: "unknown" };
}

function schemeAndPort(address: string): string | undefined {
  const found = /^(\w+):\/\/.*:(\d+)$/.exec(address);
  return found ? `${found[1]}:${found[2]}` : undefined;
}
