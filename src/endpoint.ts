/**
 * Endpoints and gateway URLs, checked the same way on every host before
 * anything reaches libzmq: a page's connect() returns before the worker has
 * seen it, so what can be known here is said here, at once.
 *
 * A leaf: only errors.ts and options.ts (for describe) below it.
 */
import { libzmqError, makeError, type ZmqError } from "./errors.js";
import { describe } from "./options.js";

export type EndpointVerb = "bind" | "unbind" | "connect to" | "disconnect from";

/** Throws the error libzmq would give (or a clearer one) for an endpoint
 * it cannot use here. */
export function checkAddress(verb: EndpointVerb, address: unknown): asserts address is string {
  if (typeof address !== "string") {
    throw makeError(`An endpoint must be a string like "tcp://host:port", got ${describe(address)}`, "EINVAL");
  }
  // libzmq reads the endpoint as a C string: a NUL would silently cut it
  // ("inproc://a\0b" became "inproc://a").
  if (address.includes("\0")) {
    throw makeError(`An endpoint must not contain a NUL character, got ${JSON.stringify(address)}`, "EINVAL", 0, address);
  }
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(address)?.[1];
  const action = `Cannot ${verb} ${JSON.stringify(address)}`;
  if (scheme === undefined) throw libzmqError("EINVAL", 0, "Invalid argument", action, address);
  // The runtime has no Unix domain sockets: bind failed with EAFNOSUPPORT,
  // but connect was accepted and then retried forever, silently.
  // Nor datagrams: the transport shim has no UDP sockets.
  if (scheme === "ipc" || scheme === "udp") {
    throw makeError(`Cannot use ${JSON.stringify(address)}: ${scheme}:// is not available in zeromq-wasm (use tcp:// or inproc://)`, "EPROTONOSUPPORT", 0, address);
  }
  if (scheme !== "tcp" && scheme !== "inproc") throw libzmqError("EPROTONOSUPPORT", 0, "Protocol not supported", action, address);
  // libzmq 4.3.4 parses a tcp port with atoi() into 16 bits, so ":99999"
  // silently meant port 34463 and ":-1" port 65535.
  if (scheme === "tcp") {
    const port = /^tcp:\/\/.+:([^:\]]*)$/.exec(address)?.[1];
    if (port === undefined || (port !== "*" && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535))) {
      throw makeError(`Invalid port in ${JSON.stringify(address)}: use 1-65535 (or * to bind any)`, "EINVAL", 0, address);
    }
  }
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
    throw makeError(`The gateway must be a ws:// or wss:// URL (or on a page, a path such as "/zmq"), got ${JSON.stringify(given)}`, "EINVAL");
  }
  return url.href.replace(/\/+$/, "");
}

/** A tcp:// connect where the runtime has no TCP and no gateway is set. */
export function noGatewayError(address: string): ZmqError {
  return makeError(
    `Cannot connect to ${JSON.stringify(address)}: tcp:// in a browser goes through a gateway; call configure({ gateway: "wss://..." }) first, or pass connect(address, { gateway })`,
    "EHOSTUNREACH",
    0,
    address,
  );
}

/** A tcp:// bind where the runtime cannot accept connections. */
export function noListenError(address: string): ZmqError {
  return makeError(
    `Cannot bind ${JSON.stringify(address)}: this runtime cannot accept TCP connections (a browser, a Cloudflare Worker); bind in a Node peer and connect to it, or use inproc://`,
    "ENOTSUP",
    0,
    address,
  );
}
