// Raw TCP feeds for the browser benchmark's WebSocket baselines (reached
// through the gateway), and the statistics its figures share.
import * as net from "node:net";
import { WebSocketServer } from "ws";

export type Feed = { port: number; close: () => void };

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

/** Records of `record` bytes at `rate` per second, written every 10 ms. */
export async function pacedRecordFeed(record: number, rate: number): Promise<Feed> {
  const batch = Buffer.alloc((record * rate) / 100, 120);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const timer = setInterval(() => sockets.forEach((socket) => socket.write(batch)), 10);
  return { port: await listen(server), close: () => (clearInterval(timer), server.close()) };
}

/** ZMTP frame size of a one-frame message: the raw stream's record. */
export const recordSize = (size: number) => size + (size <= 255 ? 2 : 9);

/** Streams records of `record` bytes flat out (blocking on backpressure). */
export async function recordFeed(record: number): Promise<Feed> {
  const chunk = Buffer.alloc(Math.max(record, 64 * 1024 - ((64 * 1024) % record)), 120);
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk));
      if (!socket.destroyed) socket.once("drain", pump);
    };
    pump();
  });
  return { port: await listen(server), close: () => server.close() };
}

/** A WebSocket server (no gateway) that sends `record`-byte records flat
 * out, one per WebSocket message: a page's per-message limit, beside the
 * packed stream's per-byte one. */
export async function messageFeed(record: number): Promise<{ url: string; close: () => void }> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  const message = Buffer.alloc(record, 120);
  server.on("connection", (ws) => {
    ws.on("error", () => {});
    // At most 1,000 messages not yet written to the socket: ws queues sends
    // without a bound of its own.
    let unwritten = 0;
    const pump = () => {
      while (ws.readyState === ws.OPEN && unwritten < 1000) {
        unwritten++;
        ws.send(message, () => {
          if (--unwritten === 500) setImmediate(pump);
        });
      }
    };
    pump();
  });
  await new Promise((resolve) => server.once("listening", resolve));
  return { url: `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}`, close: () => server.close() };
}

export const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { mean, p50: sorted[Math.floor(sorted.length * 0.5)], p99: sorted[Math.floor(sorted.length * 0.99)] };
};
