/**
 * What the panel shows, refreshed on each tick while it is open: every
 * live socket of the registry (inspect/registry.ts) with its endpoints'
 * states from its events (tapped, never taken from socket.events), its
 * rates and what waits. Watching starts with the first refresh and ends
 * with close(): until then no monitor runs and nothing polls.
 */
import { liveSockets, type InspectableSocket } from "../inspect/registry.js";
import { EndpointStates, type EndpointState } from "./endpoint-state.js";
import { RateMeter, type Rates } from "./rates.js";

export interface SocketView {
  /** The registry's id: stable for the socket's life. */
  id: number;
  type: string;
  endpoints: EndpointState[];
  rates: Rates;
  /** Messages taken from libzmq, not yet received by the page's code. */
  inbox: number;
  /** libzmq holds more to receive. */
  readable: boolean;
  sendsWaiting: number;
  reconnects: number;
  lastError: string | undefined;
}

interface Watch {
  readonly socket: InspectableSocket;
  readonly states: EndpointStates;
  readonly meter: RateMeter;
  readonly untap: () => void;
}

export class SocketsView {
  readonly #watches = new Map<number, Watch>();

  /** Every live socket now; starts watching new ones, stops on gone ones. */
  refresh(now: number): SocketView[] {
    const live = liveSockets();
    const ids = new Set(live.map(({ id }) => id));
    for (const [id, watch] of this.#watches) if (!ids.has(id)) this.#stop(id, watch);
    return live.map(({ id, socket }) => this.#view(id, this.#watches.get(id) ?? this.#watch(id, socket), now));
  }

  /** Stops watching every socket (the panel closed). */
  close(): void {
    for (const [id, watch] of this.#watches) this.#stop(id, watch);
  }

  #watch(id: number, socket: InspectableSocket): Watch {
    const states = new EndpointStates();
    const untap = socket.tapEvents((event) => states.apply(event, socket.inspect().endpoints));
    const watch = { socket, states, meter: new RateMeter(), untap };
    this.#watches.set(id, watch);
    return watch;
  }

  #stop(id: number, watch: Watch): void {
    watch.untap();
    this.#watches.delete(id);
  }

  #view(id: number, { socket, states, meter }: Watch, now: number): SocketView {
    const inspection = socket.inspect();
    const endpoints = states.list(inspection.endpoints);
    return {
      id,
      type: inspection.type,
      endpoints,
      rates: meter.sample(inspection.traffic, now),
      inbox: inspection.inbox,
      readable: inspection.readable,
      sendsWaiting: inspection.sendsWaiting,
      reconnects: endpoints.reduce((sum, endpoint) => sum + endpoint.reconnects, 0),
      lastError: states.lastError,
    };
  }
}
