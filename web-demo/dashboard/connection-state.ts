/**
 * The dashboard's connection state, from its feed sockets' events
 * (socket.events, libzmq's monitor): live once every feed has completed its
 * ZMTP handshake with the publisher, reconnecting from a feed's disconnect
 * until it has handshaken again. A handshake, not a connect: through the
 * gateway, the connection to the gateway opens even while the publisher is
 * down.
 */
import type { Socket } from "zeromq-wasm/browser";

export type ConnectionState = "connecting" | "live" | "reconnecting";

export class ConnectionWatch {
  readonly #up = new Map<Socket, boolean>();
  #wasLive = false;

  constructor(feeds: Socket[]) {
    for (const feed of feeds) {
      this.#up.set(feed, false);
      feed.events.on("handshake", () => this.#up.set(feed, true));
      feed.events.on("disconnect", () => this.#up.set(feed, false));
    }
  }

  get state(): ConnectionState {
    if ([...this.#up.values()].every(Boolean)) {
      this.#wasLive = true;
      return "live";
    }
    return this.#wasLive ? "reconnecting" : "connecting";
  }
}
