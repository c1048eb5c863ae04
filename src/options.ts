/**
 * The one table of socket options: property name (as in zeromq.js v6) ->
 * libzmq option id, value type, and which socket types have it. Socket
 * properties, constructor options and their TypeScript types all come from
 * this table (see socket.ts); nothing is written per option.
 */
import { makeError } from "./errors.js";

/** How a value travels to and from zmq_setsockopt/zmq_getsockopt. */
export type OptionKind =
  | "int32" // int
  | "int64" // int64_t / uint64_t
  | "bool" // int 0/1
  | "string" // char[], NUL-terminated
  | "bytes" // binary (routing ids)
  | "key"; // CURVE key: 32 bytes, or 40 z85 characters

export type ValueOf<K extends OptionKind> = K extends "int32" | "int64"
  ? number
  : K extends "bool"
    ? boolean
    : K extends "bytes"
      ? string | Uint8Array | null
      : K extends "key"
        ? string | Uint8Array | null
        : string | null;

/** Read back as: bytes -> Uint8Array, key -> z85 string. */
export type ReadOf<K extends OptionKind> = K extends "int32" | "int64"
  ? number
  : K extends "bool"
    ? boolean
    : K extends "bytes"
      ? Uint8Array | null
      : string | null;

export interface OptionSpec {
  readonly id: number;
  readonly kind: OptionKind;
  /** Socket type ids that have it; absent: every socket. */
  readonly on?: readonly number[];
  readonly readOnly?: boolean;
  readonly writeOnly?: boolean;
}

export const PAIR = 0;
export const PUB = 1;
export const SUB = 2;
export const REQ = 3;
export const REP = 4;
export const DEALER = 5;
export const ROUTER = 6;
export const PULL = 7;
export const PUSH = 8;
export const XPUB = 9;
export const XSUB = 10;
export const STREAM = 11;
// libzmq's draft socket types (zeromq-wasm/draft).
export const SERVER = 12;
export const CLIENT = 13;
export const RADIO = 14;
export const DISH = 15;
export const GATHER = 16;
export const SCATTER = 17;
export const DGRAM = 18;

/** Socket types that can send / receive (send- and receive-side options). */
const SENDERS = [PAIR, PUB, REQ, REP, DEALER, ROUTER, PUSH, XPUB, XSUB, STREAM, SERVER, CLIENT, RADIO, SCATTER, DGRAM] as const;
const RECEIVERS = [PAIR, SUB, REQ, REP, DEALER, ROUTER, PULL, XPUB, XSUB, STREAM, SERVER, CLIENT, DISH, GATHER, DGRAM] as const;

const opt = <K extends OptionKind>(id: number, kind: K, extra: Omit<OptionSpec, "id" | "kind"> = {}) =>
  ({ id, kind, ...extra }) as const;

/** zeromq-wasm's default maxMessageSize (libzmq's is -1, no limit). A
 * peer's frame header makes libzmq allocate the size it announces at once,
 * before any of it arrives; inside wasm's 2 GiB of memory four peers
 * announcing 500 MiB each, sending nothing more, reserve all of it and
 * leave none for other connections. With this cap such a frame ends its connection at once. Set
 * maxMessageSize: -1 (or any size) to choose otherwise. */
export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

export const socketOptions = {
  affinity: opt(4, "int64"),
  routingId: opt(5, "bytes", { on: [REQ, REP, DEALER, ROUTER] }),
  rate: opt(8, "int32"),
  recoveryInterval: opt(9, "int32"),
  sendBufferSize: opt(11, "int32", { on: SENDERS }),
  receiveBufferSize: opt(12, "int32", { on: RECEIVERS }),
  type: opt(16, "int32", { readOnly: true }),
  linger: opt(17, "int32"),
  reconnectInterval: opt(18, "int32"),
  backlog: opt(19, "int32"),
  reconnectMaxInterval: opt(21, "int32"),
  maxMessageSize: opt(22, "int64"),
  sendHighWaterMark: opt(23, "int32", { on: SENDERS }),
  receiveHighWaterMark: opt(24, "int32", { on: RECEIVERS }),
  multicastHops: opt(25, "int32", { on: SENDERS }),
  receiveTimeout: opt(27, "int32", { on: RECEIVERS }),
  sendTimeout: opt(28, "int32", { on: SENDERS }),
  lastEndpoint: opt(32, "string", { readOnly: true }),
  mandatory: opt(33, "bool", { on: [ROUTER], writeOnly: true }),
  tcpKeepalive: opt(34, "int32"),
  tcpKeepaliveCount: opt(35, "int32"),
  tcpKeepaliveIdle: opt(36, "int32"),
  tcpKeepaliveInterval: opt(37, "int32"),
  immediate: opt(39, "bool"),
  verbosity: opt(40, "bool", { on: [XPUB], writeOnly: true }),
  ipv6: opt(42, "bool"),
  securityMechanism: opt(43, "int32", { readOnly: true }),
  plainServer: opt(44, "bool"),
  plainUsername: opt(45, "string"),
  plainPassword: opt(46, "string"),
  curveServer: opt(47, "bool"),
  curvePublicKey: opt(48, "key"),
  curveSecretKey: opt(49, "key"),
  curveServerKey: opt(50, "key"),
  probeRouter: opt(51, "bool", { on: [ROUTER, DEALER, REQ], writeOnly: true }),
  correlate: opt(52, "bool", { on: [REQ], writeOnly: true }),
  relaxed: opt(53, "bool", { on: [REQ], writeOnly: true }),
  conflate: opt(54, "bool", { on: [PULL, PUSH, SUB, PUB, DEALER, GATHER, SCATTER], writeOnly: true }),
  zapDomain: opt(55, "string"),
  handover: opt(56, "bool", { on: [ROUTER], writeOnly: true }),
  typeOfService: opt(57, "int32"),
  handshakeInterval: opt(66, "int32"),
  socksProxy: opt(68, "string"),
  noDrop: opt(69, "bool", { on: [XPUB, PUB], writeOnly: true }),
  manual: opt(71, "bool", { on: [XPUB], writeOnly: true }),
  welcomeMessage: opt(72, "string", { on: [XPUB], writeOnly: true }),
  notify: opt(73, "bool", { on: [STREAM], writeOnly: true }),
  invertMatching: opt(74, "bool", { on: [PUB, SUB, XPUB, XSUB] }),
  heartbeatInterval: opt(75, "int32"),
  heartbeatTimeToLive: opt(76, "int32"),
  heartbeatTimeout: opt(77, "int32"),
  verboser: opt(78, "bool", { on: [XPUB], writeOnly: true }),
  connectTimeout: opt(79, "int32"),
  tcpMaxRetransmitTimeout: opt(80, "int32"),
  threadSafe: opt(81, "bool", { readOnly: true }),
  multicastMaxTransportDataUnit: opt(84, "int32"),
  interface: opt(92, "string"),
} as const;

export type SocketOptionName = keyof typeof socketOptions;
type Spec<N extends SocketOptionName> = (typeof socketOptions)[N];

/** Options a socket class may be constructed with and assign. */
export type WritableOptionName = {
  [N in SocketOptionName]: Spec<N> extends { readOnly: true } ? never : N;
}[SocketOptionName];

/** Option names that apply to socket type T (per the table's "on"). */
export type OptionNameFor<T extends number> = {
  [N in SocketOptionName]: Spec<N> extends { on: readonly (infer U)[] } ? (T extends U ? N : never) : N;
}[SocketOptionName];

/** Constructor options of socket type T. */
export type SocketOptions<T extends number> = {
  [N in OptionNameFor<T> & WritableOptionName]?: ValueOf<Spec<N>["kind"]>;
};

/** Option properties of socket type T. A writable property is typed with
 * what it accepts (routingId also takes bytes; it reads back as a string). */
export type SocketOptionProperties<T extends number> = {
  -readonly [N in OptionNameFor<T> & WritableOptionName]: ValueOf<Spec<N>["kind"]>;
} & {
  readonly [N in Exclude<OptionNameFor<T>, WritableOptionName>]: ReadOf<Spec<N>["kind"]>;
};

/** Context options (zmq_ctx_set), with libzmq's defaults (what a page
 * shows before it has set one: its libzmq is in a worker). */
export const contextOptions = {
  ioThreads: { id: 1, initial: 1 },
  maxSockets: { id: 2, initial: 1023 },
  maxMessageSize: { id: 5, initial: 0x7fffffff },
  ipv6: { id: 42, initial: 0 },
  blocky: { id: 70, initial: 1 },
} as const;

export type ContextOptionName = keyof typeof contextOptions;

export type ContextOptions = { [N in keyof typeof contextOptions]?: N extends "ipv6" | "blocky" ? boolean : number };

function optionSpec(name: string): OptionSpec | undefined {
  return Object.hasOwn(socketOptions, name) ? socketOptions[name as SocketOptionName] : undefined;
}

/** The spec of an option a socket of `type` may be given `value` for;
 * throws a clear EINVAL otherwise. */
export function checkOption(type: number, name: string, value: unknown): OptionSpec {
  const spec = optionSpec(name);
  if (!spec) throw makeError(`Unknown socket option "${name}"`, "EINVAL");
  if (spec.readOnly) throw makeError(`Socket option "${name}" is read-only`, "EINVAL");
  if (spec.on && !spec.on.includes(type)) throw makeError(`Socket option "${name}" does not apply to this socket type`, "EINVAL");
  const problem = checkValue(name, spec, value);
  if (problem) throw makeError(problem, "EINVAL");
  return spec;
}

/** The spec of a readable option, or undefined (unknown or write-only). */
export function readableOption(name: string): OptionSpec | undefined {
  const spec = optionSpec(name);
  return spec && !spec.writeOnly ? spec : undefined;
}

/** Checks a value against an option's kind; returns an error text or "". */
export function checkValue(name: string, spec: OptionSpec, value: unknown): string {
  switch (spec.kind) {
    case "int32":
    case "int64":
      // int64 values past 2^53 are not exact numbers, and BigInt() of 2^63
      // or more wrapped silently (maxMessageSize 2^64 became 0).
      return typeof value === "number" && Number.isInteger(value)
        ? (spec.kind === "int32" ? value < -0x80000000 || value > 0x7fffffff : !Number.isSafeInteger(value))
          ? `Option "${name}" is out of range: ${value}`
          : ""
        : `Option "${name}" must be an integer, got ${describe(value)}`;
    case "bool":
      return typeof value === "boolean" ? "" : `Option "${name}" must be a boolean, got ${describe(value)}`;
    case "string":
      return typeof value === "string" || value === null
        ? ""
        : `Option "${name}" must be a string, got ${describe(value)}`;
    case "bytes":
    case "key":
      return typeof value === "string" || value instanceof Uint8Array || value === null
        ? ""
        : `Option "${name}" must be a string or Uint8Array, got ${describe(value)}`;
  }
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Uint8Array) return "a Uint8Array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value)}`;
  // Not "object [object Object]": name the kind of object.
  if (typeof value === "object") {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  if (typeof value === "function") return "a function";
  return `${typeof value} ${String(value)}`;
}

/** Makes every option of the table a property of proto, read and written
 * through the class's getOption/setOption (Node socket or page client). */
export function defineOptionProperties(proto: {
  getOption(name: string): unknown;
  setOption(name: string, value: unknown): void;
}): void {
  for (const name of Object.keys(socketOptions)) {
    Object.defineProperty(proto, name, {
      get(this: typeof proto) {
        return this.getOption(name);
      },
      set(this: typeof proto, value: unknown) {
        this.setOption(name, value);
      },
      enumerable: true,
    });
  }
}
