#!/usr/bin/env node
/**
 * zeromq-wasm-gateway: serve the WebSocket-to-TCP gateway.
 *
 *   zeromq-wasm-gateway --allow 127.0.0.1:5555 [--allow host:port ...]
 *     [--listen 127.0.0.1:8080] [--origin https://app.example ...] [--token T]
 *     [--config gateway.json] [--max-connections 1000] [--max-per-ip 100]
 *     [--max-message 1048576] [--idle-timeout 300000] [--cert cert.pem --key key.pem]
 *     [--max-buffered 67108864] [--handshake-timeout 10000] [--max-handshakes 200]
 *     [--max-handshakes-per-ip 20]
 *
 * A JSON config file takes the same keys as createGateway()'s options, plus
 * "listen"; command-line flags add to / override it. SIGTERM and SIGINT
 * close every connection and exit.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createGateway, type GatewayOptions } from "./server.js";

const usage = `usage: zeromq-wasm-gateway --allow host:port [--allow ...] [--listen host:port] [--origin url ...]
                            [--token T] [--config file.json] [--max-connections N] [--max-per-ip N]
                            [--max-message BYTES] [--idle-timeout MS] [--cert file --key file]
                            [--max-buffered BYTES] [--handshake-timeout MS] [--max-handshakes N]
                            [--max-handshakes-per-ip N]`;

function fail(message: string): never {
  process.stderr.write(`zeromq-wasm-gateway: ${message}\n${usage}\n`);
  process.exit(2);
}

function splitListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(listen);
  if (!match) fail(`--listen wants host:port, got ${JSON.stringify(listen)}`);
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
      listen: { type: "string" },
      token: { type: "string" },
      config: { type: "string" },
      "max-connections": { type: "string" },
      "max-per-ip": { type: "string" },
      "max-message": { type: "string" },
      "idle-timeout": { type: "string" },
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

let file: Partial<GatewayOptions> & { listen?: string } = {};
if (args.config) {
  try {
    file = JSON.parse(readFileSync(args.config, "utf8"));
  } catch (error) {
    fail(`cannot read --config ${args.config}: ${(error as Error).message}`);
  }
}
const listen = splitListen(args.listen ?? file.listen ?? "127.0.0.1:8080");
const options: GatewayOptions = {
  ...file,
  ...listen,
  allow: [...(file.allow ?? []), ...(args.allow ?? [])],
  origins: [...(file.origins ?? []), ...(args.origin ?? [])],
  token: args.token ?? file.token ?? process.env.ZEROMQ_WASM_GATEWAY_TOKEN,
  maxConnections: number("--max-connections", args["max-connections"]) ?? file.maxConnections,
  maxConnectionsPerIp: number("--max-per-ip", args["max-per-ip"]) ?? file.maxConnectionsPerIp,
  maxMessageBytes: number("--max-message", args["max-message"]) ?? file.maxMessageBytes,
  idleTimeoutMs: number("--idle-timeout", args["idle-timeout"]) ?? file.idleTimeoutMs,
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
    process.once(signal, () => void gateway.close().then(() => process.exit(0)));
  }
} catch (error) {
  fail((error as Error).message);
}
