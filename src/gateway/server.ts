/**
 * The WebSocket-to-TCP gateway: `wss://gateway/<host>:<port>` becomes one TCP
 * connection to an allow-listed target, carrying raw bytes both ways. It
 * never parses ZMTP, so CURVE stays end to end. Everything not explicitly
 * allowed is refused at the upgrade; memory stays bounded under slow peers
 * (backpressure both ways) and floods (connection limits, timeouts).
 */
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { Metrics } from "./metrics.js";
import { parseTarget, TargetPolicy, type Resolver } from "./policy.js";

export interface GatewayOptions {
  /** Where to listen (default 127.0.0.1:8080; port 0 picks a free one). */
  host?: string;
  port?: number;
  /** Targets that may be reached: "host:port" or "[ipv6]:port". Required. */
  allow: string[];
  /** Browser origins allowed to connect ("*": any). Requests without an
   * Origin header (non-browser clients) are not subject to this list. */
  origins?: string[];
  /** If set, clients must present it: "Authorization: Bearer <token>" or
   * "?token=<token>" in the URL (browsers cannot set WebSocket headers). */
  token?: string;
  maxConnections?: number;
  maxConnectionsPerIp?: number;
  /** Largest WebSocket message accepted (bytes). */
  maxMessageBytes?: number;
  /** Close a connection with no traffic either way for this long (ms). */
  idleTimeoutMs?: number;
  /** Give up on a target that does not accept within this time (ms). */
  connectTimeoutMs?: number;
  /** Backpressure: pause a side when the other has this much queued. */
  highWaterBytes?: number;
  /** TLS: serve wss:// with this PEM certificate and key. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** One structured entry per event; false: silent. Default: JSON lines on stdout. */
  log?: ((entry: LogEntry) => void) | false;
  /** DNS resolution (tests inject one). */
  resolve?: Resolver;
}

export interface LogEntry {
  time: string;
  event: "listening" | "open" | "close" | "refused" | "error" | "shutdown";
  client?: string;
  target?: string;
  reason?: string;
  status?: number;
  bytesToTarget?: number;
  bytesToClient?: number;
  url?: string;
}

export interface Gateway {
  /** ws:// or wss:// base URL clients configure. */
  readonly url: string;
  readonly port: number;
  readonly metrics: Metrics;
  /** Open connections and their buffered bytes right now. */
  stats(): { open: number; bufferedBytes: number };
  /** Stops accepting, closes every connection, then the listener. */
  close(): Promise<void>;
}

interface Pipe {
  ws: WebSocket;
  tcp: net.Socket;
}

const defaults = {
  host: "127.0.0.1",
  port: 8080,
  maxConnections: 1000,
  maxConnectionsPerIp: 100,
  maxMessageBytes: 1 << 20,
  idleTimeoutMs: 300_000,
  connectTimeoutMs: 5000,
  highWaterBytes: 1 << 20,
};

/** What ws's handleUpgrade requires (RFC 6455 4.2.1): GET, Upgrade:
 * websocket, a 16-byte base64 Sec-WebSocket-Key, version 13 (or 8), and
 * a well-formed subprotocol list without repeats, if any. */
function validHandshake(req: http.IncomingMessage): boolean {
  const key = req.headers["sec-websocket-key"];
  const version = req.headers["sec-websocket-version"];
  const protocols = req.headers["sec-websocket-protocol"];
  const list = protocols?.split(/[ \t]*,[ \t]*/) ?? [];
  return (
    req.method === "GET" &&
    req.headers.upgrade?.toLowerCase() === "websocket" &&
    typeof key === "string" &&
    /^[+/0-9A-Za-z]{22}==$/.test(key) &&
    (version === "13" || version === "8") &&
    list.every((name) => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) &&
    new Set(list).size === list.length
  );
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  // An option given as undefined (the CLI passes every flag, set or not)
  // keeps its default.
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as GatewayOptions;
  const config = { ...defaults, ...given };
  if (!Array.isArray(config.allow) || config.allow.length === 0) {
    throw new Error("createGateway: an allow-list is required (allow: ['host:port', ...]); the gateway reaches nothing else");
  }
  const policy = new TargetPolicy(config.allow, options.resolve);
  const origins = new Set(config.origins ?? []);
  const metrics = new Metrics();
  const pipes = new Set<Pipe>();
  const perIp = new Map<string, number>();
  let pending = 0;
  let closing = false;
  const log =
    options.log === false
      ? () => {}
      : (options.log ?? ((entry: LogEntry) => process.stdout.write(JSON.stringify(entry) + "\n")));
  const emit = (entry: Omit<LogEntry, "time">) => log({ time: new Date().toISOString(), ...entry });

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes, perMessageDeflate: false });

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(closing ? 503 : 200, { "content-type": "text/plain" }).end(closing ? "closing\n" : "ok\n");
    } else if (req.method === "GET" && path === "/metrics") {
      metrics.bufferedBytes = buffered();
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(metrics.render());
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("zeromq-wasm gateway: connect with a WebSocket to /<host>:<port>\n");
    }
  };
  const server = config.tls ? https.createServer(config.tls, onRequest) : http.createServer(onRequest);
  // Partial or slow handshakes (slowloris) are dropped.
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;

  function buffered(): number {
    let total = 0;
    for (const { ws, tcp } of pipes) total += ws.bufferedAmount + tcp.writableLength;
    return total;
  }

  function release(ip: string): void {
    const n = (perIp.get(ip) ?? 1) - 1;
    if (n <= 0) perIp.delete(ip);
    else perIp.set(ip, n);
  }

  function authorized(req: http.IncomingMessage): boolean {
    if (!config.token) return true;
    if (req.headers.authorization === `Bearer ${config.token}`) return true;
    const query = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
    return query.get("token") === config.token;
  }

  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const client = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    const ip = req.socket.remoteAddress ?? "?";
    const targetText = (req.url ?? "").split("?")[0].slice(1);
    const refuse = (status: number, reason: string) => {
      metrics.refuse(reason);
      emit({ event: "refused", client, target: targetText, status, reason });
      const text = http.STATUS_CODES[status] ?? "Refused";
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length + 1}\r\n\r\n${reason}\n`);
      setTimeout(() => socket.destroy(), 1000).unref();
    };
    if (closing) return refuse(503, "shutting down");
    // Check the WebSocket handshake itself before touching the target: ws
    // refuses a malformed one only in handleUpgrade, after the target
    // connection is made, and that connection used to stay open forever
    // (holding a per-IP slot) because ws never calls back.
    if (!validHandshake(req)) return refuse(400, "bad WebSocket handshake");
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has("*") && !origins.has(origin)) return refuse(403, "origin not allowed");
    if (!authorized(req)) return refuse(401, "missing or wrong token");
    const target = parseTarget(req.url ?? "");
    if (!target) return refuse(400, "bad target: use /<host>:<port>");
    if (pipes.size + pending >= config.maxConnections) return refuse(503, "too many connections");
    if ((perIp.get(ip) ?? 0) >= config.maxConnectionsPerIp) return refuse(429, "too many connections from this address");
    pending++;
    perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
    void (async () => {
      const decision = await policy.check(target);
      if (!decision.ok) {
        pending--;
        release(ip);
        return refuse(403, decision.reason);
      }
      const tcp = net.connect({ host: decision.address, port: decision.port });
      tcp.setNoDelay(true);
      const connectTimer = setTimeout(() => tcp.destroy(new Error("connect timeout")), config.connectTimeoutMs);
      tcp.once("error", (error) => {
        clearTimeout(connectTimer);
        pending--;
        release(ip);
        refuse(502, `target unreachable (${(error as NodeJS.ErrnoException).code ?? error.message})`);
      });
      tcp.once("connect", () => {
        clearTimeout(connectTimer);
        tcp.removeAllListeners("error");
        tcp.on("error", () => {}); // until wire() listens
        pending--;
        if (closing || socket.destroyed) {
          tcp.destroy();
          release(ip);
          return;
        }
        // If ws still refuses the upgrade (it answers and closes without
        // calling back), drop the target connection and free the slot.
        let wired = false;
        socket.once("close", () => {
          if (wired) return;
          tcp.destroy();
          release(ip);
        });
        wss.handleUpgrade(req, socket, head, (ws) => {
          wired = true;
          wire(ws, tcp, ip, client, `${target.host}:${target.port}`);
        });
      });
    })();
  });

  function wire(ws: WebSocket, tcp: net.Socket, ip: string, client: string, target: string): void {
    const pipe = { ws, tcp };
    pipes.add(pipe);
    metrics.connectionsOpen++;
    metrics.connectionsTotal++;
    let toTarget = 0;
    let toClient = 0;
    let idle: NodeJS.Timeout | undefined;
    let finished = false;
    const touch = () => {
      clearTimeout(idle);
      if (finished) return;
      idle = setTimeout(() => finish("idle timeout", 4000), config.idleTimeoutMs);
      idle.unref(); // the listener keeps the process alive, not a timer
    };
    const low = config.highWaterBytes / 4;
    const finish = (reason: string, code = 1000) => {
      if (finished) return;
      finished = true;
      clearTimeout(idle);
      pipes.delete(pipe);
      metrics.connectionsOpen--;
      release(ip);
      emit({ event: "close", client, target, reason, bytesToTarget: toTarget, bytesToClient: toClient });
      if (ws.readyState === ws.OPEN) ws.close(code, reason.slice(0, 120));
      else ws.terminate();
      // Let queued bytes go out, but never wait forever for a stalled peer.
      tcp.end();
      setTimeout(() => tcp.destroy(), 2000).unref();
    };
    emit({ event: "open", client, target });
    touch();

    // Target -> client, pausing the target while the client is slow.
    const afterSend = () => {
      if (tcp.isPaused() && ws.bufferedAmount < low) tcp.resume();
    };
    tcp.on("data", (chunk: Buffer) => {
      if (finished) return;
      toClient += chunk.length;
      metrics.bytesToClient += chunk.length;
      touch();
      ws.send(chunk, { binary: true }, afterSend);
      if (ws.bufferedAmount >= config.highWaterBytes) tcp.pause();
    });
    // Client -> target, pausing the client while the target is slow.
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return finish("text message: the protocol is binary", 1003);
      toTarget += data.length;
      metrics.bytesToTarget += data.length;
      touch();
      if (!tcp.write(data)) ws.pause();
    });
    tcp.on("drain", () => ws.resume());
    tcp.on("close", () => finish("target closed"));
    tcp.on("error", (error: NodeJS.ErrnoException) => finish(`target error ${error.code ?? error.message}`, 1011));
    ws.on("close", (code) => finish(code === 1009 ? "message too big" : "client closed", code === 1009 ? 1009 : 1000));
    ws.on("error", (error) => finish(`client error: ${error.message}`, 1002));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `${config.tls ? "wss" : "ws"}://${host}:${port}`;
  emit({ event: "listening", url, reason: `allow ${policy.entries.map((t) => `${t.host}:${t.port}`).join(", ")}` });

  return {
    url,
    port,
    metrics,
    stats: () => ({ open: pipes.size, bufferedBytes: buffered() }),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        emit({ event: "shutdown", reason: `closing ${pipes.size} connections` });
        for (const pipe of [...pipes]) {
          pipe.ws.close(1001, "gateway shutting down");
          pipe.tcp.destroy();
          // A client that does not answer the close handshake is cut off.
          setTimeout(() => pipe.ws.terminate(), 1000).unref();
        }
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
