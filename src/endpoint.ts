/**
 * Endpoints and gateway URLs, checked the same way on every host before
 * anything reaches libzmq: a page's connect() returns before the worker has
 * seen it, so what can be known here is said here, at once.
 *
 * A leaf: only errors.ts below it.
 */
import { checkArity, typeError, zmqError, type ZmqError } from "./errors.js";

export type EndpointVerb = "bind" | "unbind" | "connect" | "disconnect";

/** zeromq.js's argument check of bind/unbind/connect/disconnect: a
 * TypeError unless the address is a string (and, given `args`, at most
 * `count` arguments were given). */
export function checkAddress(address: unknown, args?: { length: number }, count = 1): asserts address is string {
  if (typeof address !== "string") throw typeError("Address must be a string");
  if (args) checkArity(args, count);
}

/** Throws the error libzmq would give (with a hint where ours knows more)
 * for an endpoint it cannot use here. */
export function checkEndpoint(verb: EndpointVerb, address: string): void {
  const fail = (code: string, hint?: string) => zmqError(code, { operation: verb, address, hint });
  // libzmq reads the endpoint as a C string: a NUL would silently cut it
  // ("inproc://a\0b" became "inproc://a").
  if (address.includes("\0")) throw fail("EINVAL", "an endpoint must not contain a NUL character");
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(address)?.[1];
  if (scheme === undefined) throw fail("EINVAL", 'an endpoint looks like "tcp://host:port" or "inproc://name"');
  // The runtime has no Unix domain sockets: bind failed with EAFNOSUPPORT,
  // but connect was accepted and then retried forever, silently.
  if (scheme === "ipc") throw fail("EPROTONOSUPPORT", `${scheme}:// is not available in zeromq-wasm (use tcp:// or inproc://)`);
  if (scheme !== "tcp" && scheme !== "inproc" && scheme !== "udp") throw fail("EPROTONOSUPPORT");
  // The host's UDP sockets join no groups: libzmq would bind and then
  // receive nothing, silently.
  if (scheme === "udp" && isMulticast(address)) throw fail("ENOTSUP", "multicast udp:// is not available in zeromq-wasm (unicast udp:// is, in Node, Deno and Bun)");
  // libzmq 4.3.4 parses a tcp port with atoi() into 16 bits, so ":99999"
  // silently meant port 34463 and ":-1" port 65535.
  if (scheme === "tcp") {
    const port = /^tcp:\/\/.+:([^:\]]*)$/.exec(address)?.[1];
    if (port === undefined || (port !== "*" && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535))) {
      throw fail("EINVAL", "invalid port: use 1-65535 (or * to bind any)");
    }
  }
}

/** Whether a udp:// endpoint's address ("udp://[iface;]address:port") is
 * an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast group. */
function isMulticast(address: string): boolean {
  const host = /^udp:\/\/(?:[^;]*;)?\[?([^\]]*?)\]?:[^:]*$/.exec(address)?.[1] ?? "";
  const first = Number(/^(\d+)\./.exec(host)?.[1]);
  return (first >= 224 && first <= 239) || /^ff[0-9a-f]{0,2}:/i.test(host);
}

/** "host:port" of a tcp:// endpoint as the transport shim names its
 * target (IPv6 without brackets, lower case, localhost as 127.0.0.1), or
 * undefined for other endpoints. */
export function tcpTarget(address: string): string | undefined {
  const target = /^tcp:\/\/(?:\[([^\]]+)\]|([^:/;]+)):(\d+)$/.exec(address);
  if (!target) return undefined;
  const host = (target[1] ?? target[2]).toLowerCase();
  return `${host === "localhost" ? "127.0.0.1" : host}:${target[3]}`;
}

/** A gateway's base URL: ws:// or wss://, or a path ("/zmq") taken
 * relative to the page (ws: for http:, wss: for https:). */
export function gatewayBase(gateway: string | URL): string {
  const given = String(gateway);
  const relative = !/^[a-z][a-z0-9+.-]*:/i.test(given);
  let url: URL | undefined;
  try {
    url = new URL(given, relative ? (globalThis as { location?: { href: string } }).location?.href : undefined);
  } catch {
    // Not a URL, and no page to take a path relative to.
  }
  if (relative && url?.protocol === "http:") url.protocol = "ws:";
  if (relative && url?.protocol === "https:") url.protocol = "wss:";
  if (!url || (url.protocol !== "ws:" && url.protocol !== "wss:") || !url.host) {
    throw zmqError("EINVAL", {}, `The gateway must be a ws:// or wss:// URL (or on a page, a path such as "/zmq"), got ${JSON.stringify(given)}`);
  }
  return url.href.replace(/\/+$/, "");
}

/** A tcp:// connect where the runtime has no TCP and no gateway is set:
 * a failure only zeromq-wasm has, so its message says what to do. */
export function noGatewayError(address: string): ZmqError {
  return zmqError(
    "EHOSTUNREACH",
    { operation: "connect", address, hint: "tcp:// in a browser goes through a gateway" },
    `Cannot connect to ${JSON.stringify(address)}: tcp:// in a browser goes through a gateway; call configure({ gateway: "wss://..." }) first, or pass connect(address, { gateway })`,
  );
}

/** udp:// where the runtime has no UDP sockets (a browser, a Cloudflare
 * Worker): zeromq-wasm only, as above. */
export function noUdpError(operation: EndpointVerb, address: string): ZmqError {
  return zmqError(
    "EPROTONOSUPPORT",
    { operation, address, hint: "udp:// needs a runtime with UDP sockets (Node, Deno, Bun)" },
    `Cannot ${operation} ${JSON.stringify(address)}: udp:// needs a runtime with UDP sockets (Node, Deno, Bun), not a browser or a Cloudflare Worker; use tcp:// (through a gateway) or inproc:// here`,
  );
}

/** A tcp:// bind where the runtime cannot accept connections (zeromq-wasm
 * only, as above). */
/** A bindSync/unbindSync this host cannot do synchronously (`why`). */
export function noSyncError(verb: "bind" | "unbind", address: string, why: string): ZmqError {
  return zmqError(
    "ENOTSUP",
    { operation: `${verb}Sync`, address, hint: why },
    `Cannot ${verb}Sync ${JSON.stringify(address)}: ${why}; use \`await socket.${verb}(address)\` instead`,
  );
}

export function noListenError(address: string): ZmqError {
  return zmqError(
    "ENOTSUP",
    { operation: "bind", address, hint: "this runtime cannot accept TCP connections" },
    `Cannot bind ${JSON.stringify(address)}: this runtime cannot accept TCP connections (a browser, a Cloudflare Worker); bind in a Node peer and connect to it, or use inproc://`,
  );
}
