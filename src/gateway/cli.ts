#!/usr/bin/env node
/**
 * zeromq-wasm-gateway: serve the WebSocket-to-TCP gateway.
 *
 *   zeromq-wasm-gateway --allow 127.0.0.1:5555 [--allow host:port ...]
 *     [--listen 127.0.0.1:8080] [--origin https://app.example ...] [--token T]
 *     [--config gateway.json] [--max-connections 1000] [--max-per-ip 100]
 *     [--max-message 1048576] [--idle-timeout 300000] [--message-timeout 60000]
 *     [--cert cert.pem --key key.pem]
 *     [--metrics-listen 127.0.0.1:9090] [--dns-server ip[:port] ...] [--dns-timeout 5000]
 *     [--dns-refresh 60000] [--max-lookups 64] [--max-lookups-per-ip 4] [--upgrade-timeout 15000]
 *     [--max-buffered 67108864] [--handshake-timeout 10000] [--max-handshakes 200]
 *     [--max-handshakes-per-ip 20]
 *
 * A JSON config file takes the same keys as createGateway()'s options, plus
 * "listen" and "metricsListen"; command-line flags add to / override it.
 * SIGTERM and SIGINT answer pending upgrades 503, close every connection and
 * exit, within shutdownGraceMs at most.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createGateway, type GatewayOptions } from "./server.js";

const usage = `usage: zeromq-wasm-gateway --allow host:port [--allow ...] [--listen host:port] [--origin url ...]
                            [--token T] [--config file.json] [--max-connections N] [--max-per-ip N]
                            [--max-message BYTES] [--idle-timeout MS] [--message-timeout MS]
                            [--cert file --key file]
                            [--metrics-listen host:port] [--dns-server ip[:port] ...] [--dns-timeout MS]
                            [--dns-refresh MS] [--max-lookups N] [--max-lookups-per-ip N] [--upgrade-timeout MS]
                            [--max-buffered BYTES] [--handshake-timeout MS] [--max-handshakes N]
                            [--max-handshakes-per-ip N] [--trust-proxy ip ...]
  --metrics-listen  serve /healthz and /metrics there only, without the token (default: on the
                    --listen port, /metrics needing the token if one is set)
  --dns-server      DNS servers for names clients send that are not on the allow-list
                    (default: the system's; those names are not looked up in /etc/hosts)
  --trust-proxy     a load balancer in front (its IP address): requests from it count and log as
                    from the last address of their X-Forwarded-For`;

/** After SIGTERM/SIGINT, exit at the latest after this long (ms), even if
 * some connection has not closed yet. */
const shutdownGraceMs = 10_000;

function fail(message: string): never {
  process.stderr.write(`zeromq-wasm-gateway: ${message}\n${usage}\n`);
  process.exit(2);
}

function splitListen(listen: string, flag = "--listen"): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(listen);
  if (!match) fail(`${flag} wants host:port, got ${JSON.stringify(listen)}`);
  return { host: match[1] ?? match[2], port: Number(match[3]) };
}

/** A limit flag: a whole number above 0 (0 would mean "no limit" to ws). */
function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`${flag} wants a whole number above 0, got ${JSON.stringify(value)}`);
  return n;
}

let args;
try {
  args = parseArgs({
    options: {
      allow: { type: "string", multiple: true },
      origin: { type: "string", multiple: true },
      "trust-proxy": { type: "string", multiple: true },
      listen: { type: "string" },
      token: { type: "string" },
      config: { type: "string" },
      "max-connections": { type: "string" },
      "max-per-ip": { type: "string" },
      "max-message": { type: "string" },
      "idle-timeout": { type: "string" },
      "message-timeout": { type: "string" },
      "metrics-listen": { type: "string" },
      "dns-server": { type: "string", multiple: true },
      "dns-timeout": { type: "string" },
      "dns-refresh": { type: "string" },
      "max-lookups": { type: "string" },
      "max-lookups-per-ip": { type: "string" },
      "upgrade-timeout": { type: "string" },
      "max-buffered": { type: "string" },
      "handshake-timeout": { type: "string" },
      "max-handshakes": { type: "string" },
      "max-handshakes-per-ip": { type: "string" },
      cert: { type: "string" },
      key: { type: "string" },
      help: { type: "boolean" },
    },
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  process.stdout.write(usage + "\n");
  process.exit(0);
}

let file: Partial<GatewayOptions> & { listen?: string; metricsListen?: string } = {};
if (args.config) {
  try {
    file = JSON.parse(readFileSync(args.config, "utf8"));
  } catch (error) {
    fail(`cannot read --config ${args.config}: ${(error as Error).message}`);
  }
}
const listen = splitListen(args.listen ?? file.listen ?? "127.0.0.1:8080");
const metricsListenText = args["metrics-listen"] ?? file.metricsListen;
const metricsListen = metricsListenText === undefined ? undefined : splitListen(metricsListenText, "--metrics-listen");
const { metricsListen: _, ...fileOptions } = file;
const options: GatewayOptions = {
  ...fileOptions,
  ...listen,
  metricsHost: metricsListen?.host ?? file.metricsHost,
  metricsPort: metricsListen?.port ?? file.metricsPort,
  dnsServers: args["dns-server"] ?? file.dnsServers,
  dnsTimeoutMs: number("--dns-timeout", args["dns-timeout"]) ?? file.dnsTimeoutMs,
  dnsRefreshMs: number("--dns-refresh", args["dns-refresh"]) ?? file.dnsRefreshMs,
  maxLookups: number("--max-lookups", args["max-lookups"]) ?? file.maxLookups,
  maxLookupsPerIp: number("--max-lookups-per-ip", args["max-lookups-per-ip"]) ?? file.maxLookupsPerIp,
  upgradeTimeoutMs: number("--upgrade-timeout", args["upgrade-timeout"]) ?? file.upgradeTimeoutMs,
  allow: [...(file.allow ?? []), ...(args.allow ?? [])],
  origins: [...(file.origins ?? []), ...(args.origin ?? [])],
  trustProxies: [...(file.trustProxies ?? []), ...(args["trust-proxy"] ?? [])],
  token: args.token ?? file.token ?? process.env.ZEROMQ_WASM_GATEWAY_TOKEN,
  maxConnections: number("--max-connections", args["max-connections"]) ?? file.maxConnections,
  maxConnectionsPerIp: number("--max-per-ip", args["max-per-ip"]) ?? file.maxConnectionsPerIp,
  maxMessageBytes: number("--max-message", args["max-message"]) ?? file.maxMessageBytes,
  idleTimeoutMs: number("--idle-timeout", args["idle-timeout"]) ?? file.idleTimeoutMs,
  messageTimeoutMs: number("--message-timeout", args["message-timeout"]) ?? file.messageTimeoutMs,
  maxBufferedBytes: number("--max-buffered", args["max-buffered"]) ?? file.maxBufferedBytes,
  handshakeTimeoutMs: number("--handshake-timeout", args["handshake-timeout"]) ?? file.handshakeTimeoutMs,
  maxHandshakes: number("--max-handshakes", args["max-handshakes"]) ?? file.maxHandshakes,
  maxHandshakesPerIp: number("--max-handshakes-per-ip", args["max-handshakes-per-ip"]) ?? file.maxHandshakesPerIp,
};
if (options.token === "") {
  fail("the token is empty (--token \"\" or an empty ZEROMQ_WASM_GATEWAY_TOKEN), which would turn authentication off: give a secret, or none");
}
if (options.allow.length === 0) fail("nothing is allowed: give at least one --allow host:port (default deny)");
if (args.cert || args.key) {
  if (!args.cert || !args.key) fail("--cert and --key go together");
  options.tls = { cert: readFileSync(args.cert), key: readFileSync(args.key) };
}

try {
  const gateway = await createGateway(options);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`zeromq-wasm-gateway: connections still open ${shutdownGraceMs} ms after ${signal}; exiting\n`);
        process.exit(1);
      }, shutdownGraceMs).unref();
      void gateway.close().then(() => process.exit(0));
    });
  }
} catch (error) {
  fail((error as Error).message);
}
