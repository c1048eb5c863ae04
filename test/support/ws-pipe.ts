/**
 * A minimal WebSocket-to-TCP byte pipe for testing the WebSocket transport:
 * `/<host>:<port>` -> that TCP target, raw bytes both ways. It records the
 * paths it was asked for and every byte it forwarded. (Tests only: the
 * product gateway, with its allow-list and limits, is src/gateway.)
 */
import * as net from "node:net";
import { WebSocketServer } from "ws";

export interface Pipe {
  url: string;
  paths: string[];
  /** Bytes forwarded, client -> target and target -> client. */
  forwarded: Buffer[];
  close(): Promise<void>;
}

export async function startPipe(): Promise<Pipe> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  const paths: string[] = [];
  const forwarded: Buffer[] = [];
  server.on("connection", (ws, request) => {
    const path = decodeURIComponent((request.url ?? "/").slice(1));
    paths.push(path);
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(path);
    if (!match) return ws.close(1008, "bad target");
    const tcp = net.connect({ host: match[1], port: Number(match[2]) });
    tcp.on("data", (chunk) => {
      forwarded.push(chunk);
      ws.send(chunk);
    });
    tcp.on("close", () => ws.close());
    tcp.on("error", () => ws.close());
    ws.on("message", (data: Buffer) => {
      forwarded.push(data);
      tcp.write(data);
    });
    ws.on("close", () => tcp.destroy());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    paths,
    forwarded,
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
