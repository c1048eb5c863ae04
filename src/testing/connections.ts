/**
 * What a scripted peer's socket has seen of its peers (a page's sockets,
 * through the gateway), from libzmq's monitor (`socket.events`): TCP
 * connections accepted, ZMTP handshakes completed, disconnects. Counts run
 * across a peer's restarts, so a test can wait for "one more handshake".
 */
import type { Zmq } from "./native.js";
import { waitUntil, type WaitOptions } from "./wait.js";

export interface ConnectionCounts {
  /** TCP connections accepted. */
  accepted: number;
  /** ZMTP handshakes completed: a peer socket is talking to this one. */
  handshakes: number;
  /** Connections that ended (either side, or a crash of this peer). */
  disconnects: number;
}

export class Connections {
  readonly counts: ConnectionCounts = { accepted: 0, handshakes: 0, disconnects: 0 };
  private readonly wake = new Set<() => void>();

  /** TCP connections open now (libzmq reports a disconnect for each one
   * that ends, handshake done or not). */
  get open(): number {
    return this.counts.accepted - this.counts.disconnects;
  }

  /** The watched socket is closing: its connections end with it, but its
   * monitor stops first, so they are counted here. */
  socketClosed(): void {
    this.counts.disconnects += this.open;
    this.changed();
  }

  /** Counts the socket's events until it closes. */
  watch(socket: Zmq.Socket): void {
    const count = (key: keyof ConnectionCounts) => () => {
      this.counts[key]++;
      this.changed();
    };
    socket.events.on("accept", count("accepted"));
    socket.events.on("handshake", count("handshakes"));
    socket.events.on("disconnect", count("disconnects"));
  }

  /** Re-checks every wait now (the owner saw something change). */
  changed(): void {
    for (const recheck of [...this.wake]) recheck();
  }

  /** Resolves when check(counts) holds; rejects after the timeout with the
   * counts seen. */
  until(check: (counts: ConnectionCounts) => boolean, what: string, options?: WaitOptions): Promise<void> {
    return waitUntil(() => check(this.counts), () => `${what} (seen: ${JSON.stringify(this.counts)})`, options, this.wake);
  }
}
