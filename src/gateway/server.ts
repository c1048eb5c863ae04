/**
 * The WebSocket-to-TCP gateway: `wss://gateway/<host>:<port>` becomes one TCP
 * connection to an allow-listed target, carrying raw bytes both ways. It
 * never parses ZMTP, so CURVE stays end to end. Everything not explicitly
 * allowed is refused at the upgrade; memory stays bounded under slow peers
 * (backpressure both ways) and floods (connection limits, timeouts).
 *
 * This file is the server: it listens (http or https), tracks the open
 * pipes and closes them all on close(). phases.ts holds each connection
 * to its deadline until it upgrades; upgrade.ts decides which upgrade
 * requests are admitted; pipe.ts carries one admitted connection's bytes;
 * status.ts answers /healthz and /metrics.
 */
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { BufferBudget } from "./buffer-budget.js";
import { logTo, type LogEntry } from "./log.js";
import { Metrics } from "./metrics.js";
import { guardHandshakes } from "./phases.js";
import { TrustedProxies } from "./trusted-proxies.js";
import { connectTarget, startPipe, type Pipe, type PipeContext } from "./pipe.js";
import { resolutionDefaults, TargetPolicy, type Resolver } from "./policy.js";
import { checkDnsServers } from "./resolver.js";
import { answerStatus, listenStatus, type StatusSource } from "./status.js";
import { Upgrades } from "./upgrade.js";

export type { LogEntry } from "./log.js";

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
  /** Per client: per IPv4 address, per IPv6 /64. */
  maxConnectionsPerIp?: number;
  /** Load balancers in front (IP addresses): a request from one is counted
   * and logged as from the last address of its X-Forwarded-For. */
  trustProxies?: string[];
  /** Largest WebSocket message accepted (bytes). */
  maxMessageBytes?: number;
  /** Close a connection with no traffic either way for this long (ms). */
  idleTimeoutMs?: number;
  /** Close a connection whose client has begun a message and not completed
   * it within this long (ms). */
  messageTimeoutMs?: number;
  /** Give up on a target that does not accept within this time (ms). */
  connectTimeoutMs?: number;
  /** Backpressure: pause a side when the other has this much queued. */
  highWaterBytes?: number;
  /** All connections' buffers together (bytes): over it, a connection
   * holding more than its fair share (this / open connections) is paused. */
  maxBufferedBytes?: number;
  /** From TCP accept to the upgrade request's headers, TLS handshake
   * included (ms); then the connection is closed. */
  handshakeTimeoutMs?: number;
  /** Connections that have not sent their upgrade request yet; one over
   * this is closed at once. Separate from maxConnections. */
  maxHandshakes?: number;
  /** The same, per client: per IPv4 address, per IPv6 /64. */
  maxHandshakesPerIp?: number;
  /** TLS: serve wss:// with this PEM certificate and key. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** One structured entry per event; false: silent. Default: JSON lines on stdout. */
  log?: ((entry: LogEntry) => void) | false;
  /** DNS resolution of every name (tests inject one; default: resolver.ts). */
  resolve?: Resolver;
  /** DNS servers ("ip" or "ip:port") asked for names clients send that are
   * not on the allow-list (default: the system's). */
  dnsServers?: string[];
  /** Give up on a DNS lookup after this long (ms). */
  dnsTimeoutMs?: number;
  /** Re-resolve the allow-list's names in the background this often (ms). */
  dnsRefreshMs?: number;
  /** Client-sent names resolved at once, in total (then 503) and per client
   * (then 429). */
  maxLookups?: number;
  maxLookupsPerIp?: number;
  /** From the upgrade request to the target connected, at most (ms; then 504). */
  upgradeTimeoutMs?: number;
  /** Serve /healthz and /metrics on this separate address only (e.g. a
   * private one; port 0 picks a free one). Unset: on the gateway's port,
   * /metrics needing the token if one is set. */
  metricsHost?: string;
  metricsPort?: number;
}

export interface Gateway {
  /** ws:// or wss:// base URL clients configure. */
  readonly url: string;
  readonly port: number;
  readonly metrics: Metrics;
  /** http:// URL of the separate /healthz and /metrics listener, if set. */
  readonly metricsUrl: string | undefined;
  /** Open connections and their buffered bytes right now. */
  stats(): { open: number; bufferedBytes: number };
  /** Stops accepting, closes every connection, then the listener. */
  close(): Promise<void>;
}

const defaults = {
  host: "127.0.0.1",
  port: 8080,
  maxConnections: 1000,
  maxConnectionsPerIp: 100,
  maxMessageBytes: 1 << 20,
  idleTimeoutMs: 300_000,
  messageTimeoutMs: 60_000,
  connectTimeoutMs: 5000,
  highWaterBytes: 1 << 20,
  ...resolutionDefaults,
  upgradeTimeoutMs: 15_000,
  metricsHost: "127.0.0.1",
  maxBufferedBytes: 64 << 20,
  handshakeTimeoutMs: 10_000,
  maxHandshakes: 200,
  maxHandshakesPerIp: 20,
};

const limitNames = [
  "maxConnections",
  "maxConnectionsPerIp",
  "maxMessageBytes",
  "idleTimeoutMs",
  "messageTimeoutMs",
  "connectTimeoutMs",
  "highWaterBytes",
  "dnsTimeoutMs",
  "dnsRefreshMs",
  "maxLookups",
  "maxLookupsPerIp",
  "upgradeTimeoutMs",
  "maxBufferedBytes",
  "handshakeTimeoutMs",
  "maxHandshakes",
  "maxHandshakesPerIp",
] as const;

/** A client socket's error listener for its whole life: shared, so that
 * it keeps no upgrade's state alive (a closure in accept() would). */
function destroySocket(this: Duplex): void {
  this.destroy();
}

/** A host as a URL spells it (an IPv6 address in brackets). */
const urlHost = (host: string): string => (host.includes(":") ? `[${host}]` : host);

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  // An option given as undefined (the CLI passes every flag, set or not)
  // keeps its default.
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as GatewayOptions;
  const config = { ...defaults, ...given };
  if (!Array.isArray(config.allow) || config.allow.length === 0) {
    throw new Error("createGateway: an allow-list is required (allow: ['host:port', ...]); the gateway reaches nothing else");
  }
  // An empty token would turn authentication off without saying so.
  if (config.token !== undefined && (typeof config.token !== "string" || config.token === "")) {
    throw new Error("createGateway: token is empty; give a secret, or leave it unset for no authentication");
  }
  // ws takes maxPayload 0 as "no limit": every limit must be a positive count.
  for (const name of limitNames) {
    const value = config[name];
    if (!Number.isInteger(value) || value <= 0) throw new Error(`createGateway: ${name} must be a whole number above 0, got ${JSON.stringify(value)}`);
  }
  if (config.dnsServers) checkDnsServers(config.dnsServers);
  const metrics = new Metrics();
  const emit = logTo(options.log);
  const policy = new TargetPolicy(config.allow, {
    ...config,
    failed: (name, error) => emit({ event: "error", target: name, reason: `allow-list name not resolved, last answer kept: ${error.message}` }),
  });
  // The allow-list's names are resolved before the first client arrives
  // (each within dnsTimeoutMs), so no upgrade waits on them.
  await policy.ready;
  const pipes = new Set<Pipe>();
  let closing = false;
  const trustedProxies = new TrustedProxies(config.trustProxies);
  const upgrades = new Upgrades({ ...config, trustedProxies }, policy, metrics, emit, { closing: () => closing, openPipes: () => pipes.size });
  const context: PipeContext = {
    config,
    metrics,
    emit,
    budget: new BufferBudget(config.maxBufferedBytes),
    owner: { opened: (pipe) => void pipes.add(pipe), closed: (pipe) => void pipes.delete(pipe) },
  };

  // Synchronous events: pipe.ts counts a message in progress as the bytes
  // read since ws last delivered a frame.
  // The gateway tracks its pipes itself: no second set of clients in ws.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes, perMessageDeflate: false, allowSynchronousEvents: true, clientTracking: false });

  const status: StatusSource = {
    closing: () => closing,
    metrics: () => {
      metrics.bufferedBytes = buffered();
      metrics.upgradesPending = upgrades.pending;
      metrics.dnsLookups = policy.lookupsInFlight;
      metrics.handshakesPending = handshakes.pending;
      return metrics.render();
    },
    authorized: (req) => upgrades.authorized(req),
  };
  const statusServer = config.metricsPort === undefined ? undefined : await listenStatus(config.metricsHost, config.metricsPort, status);
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!statusServer && answerStatus(req, res, status)) return;
    res.writeHead(404, { "content-type": "text/plain" }).end("zeromq-wasm gateway: connect with a WebSocket to /<host>:<port>\n");
  };
  const server = config.tls ? https.createServer(config.tls, onRequest) : http.createServer(onRequest);
  // Partial or slow handshakes (slowloris) are dropped: phases.ts holds
  // each connection to its deadline until it upgrades.
  const handshakes = guardHandshakes(server, { ...config, trustedProxies }, metrics, emit);

  function buffered(): number {
    let total = 0;
    for (const pipe of pipes) total += pipe.bufferedBytes;
    return total;
  }

  /** An upgrade request: admitted, its target connected, the handshake
   * completed, then piped. */
  async function accept(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", destroySocket);
    const admitted = await upgrades.admit(req, socket);
    if (!admitted) return;
    let tcp: net.Socket;
    try {
      tcp = await connectTarget(admitted.address, admitted.port, config.connectTimeoutMs);
    } catch (error) {
      return admitted.unreachable(error as NodeJS.ErrnoException);
    }
    // False: the upgrade was already answered (timed out, or shutdown began).
    if (!admitted.connected()) return void tcp.destroy();
    // Shutdown began, or the client left, while the target was connecting.
    if (closing || socket.destroyed) {
      tcp.destroy();
      admitted.release();
      return;
    }
    // If ws still refuses the upgrade (it answers and closes without
    // calling back), drop the target connection and free the slot.
    const refused = () => {
      tcp.destroy();
      admitted.release();
    };
    socket.once("close", refused);
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off("close", refused);
      // Its parts, not `admitted`: a pipe must not keep the upgrade's state.
      startPipe(ws, socket, tcp, { client: admitted.client, target: admitted.target, release: admitted.release }, context);
    });
  }
  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void accept(req, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch((error: Error) => {
    policy.stop();
    statusServer?.close();
    throw error;
  });
  const port = (server.address() as net.AddressInfo).port;
  const url = `${config.tls ? "wss" : "ws"}://${urlHost(config.host)}:${port}`;
  emit({ event: "listening", url, reason: `allow ${policy.entries.map((t) => `${t.host}:${t.port}`).join(", ")}` });
  const metricsUrl = statusServer && `http://${urlHost(config.metricsHost)}:${(statusServer.address() as net.AddressInfo).port}`;
  if (metricsUrl) emit({ event: "listening", url: metricsUrl, reason: "/healthz and /metrics" });

  return {
    url,
    port,
    metrics,
    metricsUrl,
    stats: () => ({ open: pipes.size, bufferedBytes: buffered() }),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        emit({ event: "shutdown", reason: `closing ${pipes.size} connections` });
        for (const pipe of [...pipes]) pipe.shutdown();
        upgrades.shutdown();
        statusServer?.close();
        statusServer?.closeAllConnections();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
