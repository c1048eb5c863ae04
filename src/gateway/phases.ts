/**
 * The phases before the upgrade: a TCP connection is accepted, sends its
 * first byte, completes TLS (wss://) and sends its request headers. Node's
 * own limits do not hold here: headersTimeout and requestTimeout are checked
 * only every 30 s, and TLS's handshakeTimeout is an idle timer that a
 * trickle of bytes resets. So every accepted connection gets one deadline
 * of its own, from accept until its upgrade request arrives (an ordinary
 * request such as /metrics restarts it: answer and next request must fit),
 * and connections still in these phases are capped in number, in total
 * and per client address; one over a cap is closed at once. After the upgrade request arrives the
 * connection is the upgrade's (upgrade.ts) and then the pipe's (pipe.ts).
 */
import type * as http from "node:http";
import type * as net from "node:net";
import { KeyCounts } from "./key-counts.js";
import type { Emit } from "./log.js";
import type { Metrics } from "./metrics.js";
import type { TrustedProxies } from "./trusted-proxies.js";
import { clientKey } from "./upgrade.js";

export interface PhaseLimits {
  /** From TCP accept to the upgrade request's complete headers (ms), TLS
   * handshake included. */
  handshakeTimeoutMs: number;
  /** Connections accepted that have not sent their upgrade request yet. */
  maxHandshakes: number;
  /** The same, per client: per IPv4 address, per IPv6 /64 (clientKey).
   * Not applied to trusted proxies, whose connections are many clients'. */
  maxHandshakesPerIp: number;
  trustedProxies: TrustedProxies;
}

interface Handshaking {
  socket: net.Socket;
  timer: NodeJS.Timeout;
  /** What the per-client limit counts it under. */
  counted: string;
  /** Its "close" listener, taken off when this phase ends (a pipe's socket
   * would otherwise carry it, and what it holds, for its whole life). */
  closed: () => void;
}

/** What the guard tells its owner. */
export interface HandshakeGuard {
  /** Connections in these phases now. */
  readonly pending: number;
}

/** Guards `server`'s connections until they send their upgrade request. */
export function guardHandshakes(server: http.Server, limits: PhaseLimits, metrics: Metrics, emit: Emit): HandshakeGuard {
  // Keyed by the peer's address and port, which the TLS socket that wraps a
  // raw TCP socket (wss://) shares with it.
  const handshaking = new Map<string, Handshaking>();
  const perIp = new KeyCounts();
  const forget = (key: string) => {
    const entry = handshaking.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.socket.off("close", entry.closed);
    handshaking.delete(key);
    perIp.remove(entry.counted);
  };
  const keyOf = (socket: net.Socket) => `${socket.remoteAddress}:${socket.remotePort}`;

  const refuse = (socket: net.Socket, reason: string) => {
    metrics.refuse(reason);
    emit({ event: "refused", client: keyOf(socket), reason });
    socket.destroy();
  };
  const arm = (key: string, socket: net.Socket) =>
    setTimeout(() => {
      forget(key);
      refuse(socket, "handshake timeout");
    }, limits.handshakeTimeoutMs).unref();

  // "connection" is the raw TCP socket, also under TLS (before the handshake).
  server.on("connection", (socket: net.Socket) => {
    if (socket.remoteAddress === undefined) return void socket.destroy(); // gone already
    if (handshaking.size >= limits.maxHandshakes) return refuse(socket, "too many handshakes");
    const counted = clientKey(socket.remoteAddress);
    if (perIp.get(counted) >= limits.maxHandshakesPerIp && !limits.trustedProxies.has(socket.remoteAddress)) {
      return refuse(socket, "too many handshakes from this address");
    }
    const key = keyOf(socket);
    perIp.add(counted);
    const closed = () => {
      if (handshaking.get(key)?.socket === socket) forget(key);
    };
    handshaking.set(key, { socket, timer: arm(key, socket), counted, closed });
    socket.on("close", closed);
  });
  // An ordinary request (/healthz, /metrics): a new deadline for its answer
  // and the next request on the same connection.
  server.on("request", (req: http.IncomingMessage) => {
    const entry = handshaking.get(keyOf(req.socket));
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.timer = arm(keyOf(req.socket), entry.socket);
  });
  // The upgrade request arrived: this phase is over.
  server.on("upgrade", (req: http.IncomingMessage) => forget(keyOf(req.socket)));
  return {
    get pending() {
      return handshaking.size;
    },
  };
}
