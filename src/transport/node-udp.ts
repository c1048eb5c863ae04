/**
 * Real UDP in Node (dgram; Deno and Bun have it too): libzmq's udp://
 * engine, for Radio/Dish and Datagram sockets. Sockets are unref'd, as the
 * TCP ones: an open socket alone does not keep the process alive.
 */
import * as dgram from "node:dgram";
import type { DatagramSink, Datagrams, Endpoint } from "./types.js";

export function nodeDatagrams(ipVersion: 4 | 6, local: Endpoint | undefined, sink: DatagramSink): Datagrams {
  // reuseAddr: libzmq sets SO_REUSEADDR on a receiving udp socket.
  const socket = dgram.createSocket({ type: ipVersion === 6 ? "udp6" : "udp4", reuseAddr: true });
  socket.unref();
  let bound = local === undefined;
  socket.on("message", (data, from) => sink.message(data, { host: from.address, port: from.port }));
  socket.on("error", (error: NodeJS.ErrnoException) => {
    // Once bound, errors are of single datagrams (ICMP unreachable): UDP
    // loses those silently.
    if (!bound) sink.failed(/^E[A-Z]+$/.test(error.code ?? "") ? error.code! : "EADDRNOTAVAIL");
  });
  if (local) {
    socket.once("listening", () => {
      bound = true;
      sink.listening(socket.address().port);
    });
    socket.bind({ address: local.host, port: local.port });
  }
  return {
    send: (data, to) => {
      try {
        socket.send(data, to.port, to.host, () => {
          // Errors are per datagram, and lost as UDP loses them.
        });
      } catch {
        // Closed, or the bind failed: lost too.
      }
    },
    close: () => socket.close(),
  };
}
