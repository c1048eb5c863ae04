#!/usr/bin/env node
/**
 * zeromq-wasm-proxy: libzmq's XSUB/XPUB forwarder, the fan-out between
 * publishers and gateways (README, "Deployment").
 *
 *   zeromq-wasm-proxy --xsub tcp://127.0.0.1:5557 --xpub tcp://127.0.0.1:5558
 *
 * Publishers connect to the XSUB side and each hold one connection, however
 * many subscribers the XPUB side has; subscriptions travel upstream. Runs
 * until SIGTERM or SIGINT, then closes both sockets and exits.
 */
import { parseArgs } from "node:util";
import { Proxy, XPublisher, XSubscriber } from "./index.js";

const usage = `usage: zeromq-wasm-proxy --xsub tcp://host:port --xpub tcp://host:port [--hwm N]
  --xsub  bind here for publishers to connect to
  --xpub  bind here for subscribers (or gateways carrying them) to connect to
  --hwm   messages queued per subscriber before ZeroMQ drops for it (default 1000)`;

function fail(message: string): never {
  process.stderr.write(`zeromq-wasm-proxy: ${message}\n${usage}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ options: { xsub: { type: "string" }, xpub: { type: "string" }, hwm: { type: "string" }, help: { type: "boolean" } } }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  process.stdout.write(usage + "\n");
  process.exit(0);
}
if (!args.xsub || !args.xpub) fail("both --xsub and --xpub are required");
const hwm = args.hwm === undefined ? 1000 : Number(args.hwm);
if (!Number.isInteger(hwm) || hwm <= 0) fail(`--hwm wants a whole number above 0, got ${JSON.stringify(args.hwm)}`);

const frontEnd = new XSubscriber({ receiveHighWaterMark: hwm });
const backEnd = new XPublisher({ sendHighWaterMark: hwm });
for (const [flag, socket, endpoint] of [["--xsub", frontEnd, args.xsub], ["--xpub", backEnd, args.xpub]] as const) {
  try {
    await socket.bind(endpoint);
  } catch (error) {
    fail(`${flag} ${endpoint}: ${(error as Error).message}`);
  }
}
const proxy = new Proxy(frontEnd, backEnd);
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => proxy.terminate());
// The endpoints bound (a port given as * is the one the system picked).
process.stdout.write(`${JSON.stringify({ event: "listening", xsub: frontEnd.lastEndpoint, xpub: backEnd.lastEndpoint, hwm })}\n`);
await proxy.run();
process.exit(0);
