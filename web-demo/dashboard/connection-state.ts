/**
 * The dashboard's connection state, from its feed sockets' events
 * (socket.events, libzmq's monitor): live once every feed has completed its
 * ZMTP handshake with the publisher, reconnecting from a feed's disconnect
 * until it has handshaken again. A handshake, not a connect: through the
 * gateway, the connection to the gateway opens even while the publisher is
 * down. Each feed has its own state too (feedState).
 */
import type { Socket } from "zeromq-wasm/browser";

export type ConnectionState = "connecting" | "live" | "reconnecting";

interface Feed {
  up: boolean;
  wasUp: boolean;
}

const stateOf = (up: boolean, wasUp: boolean): ConnectionState => (up ? "live" : wasUp ? "reconnecting" : "connecting");

export class ConnectionWatch {
  readonly #feeds = new Map<Socket, Feed>();
  #wasLive = false;

  constructor(feeds: Socket[]) {
    for (const socket of feeds) {
      const feed = { up: false, wasUp: false };
      this.#feeds.set(socket, feed);
      socket.events.on("handshake", () => {
        feed.up = true;
        feed.wasUp = true;
      });
      socket.events.on("disconnect", () => (feed.up = false));
    }
  }

  /** All feeds together: live only when every one is. */
  get state(): ConnectionState {
    const live = [...this.#feeds.values()].every((feed) => feed.up);
    if (live) this.#wasLive = true;
    return stateOf(live, this.#wasLive);
  }

  /** One feed's own state. */
  feedState(socket: Socket): ConnectionState {
    const feed = this.#feeds.get(socket)!;
    return stateOf(feed.up, feed.wasUp);
  }
}
