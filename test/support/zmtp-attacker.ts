/**
 * A hostile ZMTP peer for the load tests: raw Node TCP that completes a NULL
 * handshake as a REQ, announces one long frame, sends none of its body and
 * stalls. libzmq may size its buffers from the announcement: this is how a
 * few bytes ask a server for megabytes.
 */
import * as net from "node:net";
import { zmtpHello, zmtpLongHeader, zmtpServerReady } from "./tcp.ts";

export interface Hold {
  /** Whether the server finished its handshake and the header went out
   * (false: the server never answered within the handshake wait). */
  announced: boolean;
  /** Resolves once the server closed or reset the connection. */
  closed: Promise<void>;
  /** Whether the server closed it (so far). */
  readonly dropped: boolean;
  /** Ends the connection from this side. */
  release(): void;
}

/** Connects to port, shakes hands, announces a frame of `size` bytes and
 * stalls. Resolves once the header is sent, or after handshakeMs without
 * the server's READY (the connection is kept open either way: a stalled
 * handshake is as hostile), or once the server closed the connection. */
export function announceAndStall(port: number, size: number, handshakeMs = 5_000): Promise<Hold> {
  const socket = net.connect({ host: "127.0.0.1", port, noDelay: true });
  let dropped = false;
  const closed = new Promise<void>((resolve) => {
    socket.on("error", () => {});
    socket.on("close", () => {
      dropped = true;
      resolve();
    });
  });
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    const hold = (announced: boolean): void => {
      clearTimeout(timer);
      socket.off("data", onData);
      resolve({
        announced,
        closed,
        get dropped() {
          return dropped;
        },
        release: () => void socket.destroy(),
      });
    };
    const timer = setTimeout(() => hold(false), handshakeMs);
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      if (!zmtpServerReady(received)) return;
      socket.write(zmtpLongHeader(BigInt(size)));
      hold(true);
    };
    socket.on("data", onData);
    socket.once("connect", () => socket.write(zmtpHello("REQ")));
    void closed.then(() => hold(false));
  });
}
