/**
 * The host side of the inspector's view of a host (inspect/host-inspection.ts):
 * for each client a host serves (serve-host.ts), its sockets' types,
 * endpoints and message and byte counts, kept as the calls pass. The
 * clients of one host are one set, so each can be shown the others'.
 */
import type { Batch } from "../frames.js";
import type { HostFeed, HostInspection, HostSocket } from "../backend/protocol.js";
import type { NamedEndpoint } from "./registry.js";
import { Traffic } from "./traffic.js";

/** libzmq's socket types by number, as zeromq.js names their classes. */
export const SOCKET_CLASS_NAMES: Readonly<Record<number, string>> = {
  0: "Pair",
  1: "Publisher",
  2: "Subscriber",
  3: "Request",
  4: "Reply",
  5: "Dealer",
  6: "Router",
  7: "Pull",
  8: "Push",
  9: "XPublisher",
  10: "XSubscriber",
  11: "Stream",
  12: "Server",
  13: "Client",
  14: "Radio",
  15: "Dish",
  16: "Gather",
  17: "Scatter",
  18: "Datagram",
};

interface ServedSocket {
  type: string;
  endpoints: NamedEndpoint[];
  traffic: Traffic;
}

interface Clients {
  readonly all: Set<ServedClient>;
  nextTab: number;
  /** Some client's inspector has asked: counting starts then (the panel
   * shows rates, which need no count from before). */
  watched: boolean;
}

/** The clients of each host, keyed by what identifies the host (its
 * loading promise). */
const clientsOf = new WeakMap<object, Clients>();

export class ServedClient {
  readonly tab: number;
  readonly #sockets = new Map<number, ServedSocket>();
  readonly #clients: Clients;

  /** host: what the host's clients share (the promise serveHost got). */
  constructor(host: object) {
    let clients = clientsOf.get(host);
    if (!clients) clientsOf.set(host, (clients = { all: new Set(), nextTab: 1, watched: false }));
    this.#clients = clients;
    this.tab = clients.nextTab++;
    clients.all.add(this);
  }

  created(id: number, type: number): void {
    this.#sockets.set(id, { type: SOCKET_CLASS_NAMES[type] ?? `type ${type}`, endpoints: [], traffic: new Traffic() });
  }

  /** A bind or connect (added), an unbind or disconnect (removed). */
  endpoint(id: number, verb: NamedEndpoint["verb"], address: string, added: boolean): void {
    const endpoints = this.#sockets.get(id)?.endpoints;
    if (!endpoints) return;
    const at = endpoints.findIndex((endpoint) => endpoint.verb === verb && endpoint.address === address);
    if (added && at < 0) endpoints.push({ verb, address });
    else if (!added && at >= 0) endpoints.splice(at, 1);
  }

  sent(id: number, frames: readonly Uint8Array[]): void {
    if (!this.#clients.watched) return;
    this.#sockets.get(id)?.traffic.sent(frames);
  }

  /** Counts the messages of a batch handed to the client. */
  received(id: number, batch: Batch): void {
    if (!this.#clients.watched) return;
    const traffic = this.#sockets.get(id)?.traffic;
    if (!traffic) return;
    const { layout } = batch;
    for (let i = 0; i < layout.length; ) {
      const frames = layout[i]!;
      for (let f = 1; f <= frames; f++) traffic.bytesIn += layout[i + f]!;
      traffic.messagesIn++;
      i += frames + 1;
    }
  }

  closed(id: number): void {
    this.#sockets.delete(id);
  }

  /** The client has gone. */
  gone(): void {
    this.#clients.all.delete(this);
  }

  /** Every socket of every client of the host, and its feeds. */
  inspectHost(feeds: HostFeed[]): HostInspection {
    this.#clients.watched = true;
    const sockets: HostSocket[] = [];
    for (const client of this.#clients.all) {
      for (const [id, { type, endpoints, traffic }] of client.#sockets) {
        const { messagesIn, bytesIn, messagesOut, bytesOut } = traffic;
        sockets.push({ tab: client.tab, own: client === this, id, type, endpoints: [...endpoints], traffic: { messagesIn, bytesIn, messagesOut, bytesOut } });
      }
    }
    return { tabs: this.#clients.all.size, sockets, feeds };
  }
}
