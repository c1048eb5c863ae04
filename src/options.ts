/**
 * The one table of socket options: property name (as in zeromq.js v6) ->
 * libzmq option id, value type, and which socket types have it. Socket
 * properties, constructor options and their TypeScript types all come from
 * this table (see socket.ts); nothing is written per option.
 */
import { typeError } from "./errors.js";

/** How a value travels to and from zmq_setsockopt/zmq_getsockopt, and
 * how a JS value converts to it (as zeromq.js converts it: any number for
 * the integer kinds, truncated as C++ casts it). */
export type OptionKind =
  | "int32" // int
  | "uint32" // unsigned int (typeOfService)
  | "int64" // int64_t
  | "uint64" // uint64_t (affinity)
  | "bool" // int 0/1
  | "string" // char[]: a string, or bytes; reads back as a string
  | "key" // CURVE key: 32 bytes, or 40 z85 characters; reads back as z85
  | "mechanism" // ZMQ_MECHANISM: reads as null, "plain", "curve" or "gssapi"
  | "verbosity"; // XPUB: null, "allSubs" (ZMQ_XPUB_VERBOSE) or "allSubsUnsubs" (ZMQ_XPUB_VERBOSER)

/** What a property of this kind accepts. */
export type ValueOf<K extends OptionKind> = K extends "int32" | "uint32" | "int64" | "uint64"
  ? number
  : K extends "bool"
    ? boolean
    : K extends "verbosity"
      ? null | "allSubs" | "allSubsUnsubs"
      : string | Uint8Array | null;

/** What a property of this kind reads back as. */
export type ReadOf<K extends OptionKind> = K extends "int32" | "uint32" | "int64" | "uint64"
  ? number
  : K extends "bool"
    ? boolean
    : K extends "mechanism"
      ? null | "plain" | "curve" | "gssapi"
      : K extends "verbosity"
        ? null | "allSubs" | "allSubsUnsubs"
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

// `const E`: the socket type lists stay literal types, so each socket
// class is typed with only its own options.
const opt = <K extends OptionKind, const E extends Omit<OptionSpec, "id" | "kind"> = {}>(id: number, kind: K, extra?: E) =>
  ({ id, kind, ...extra }) as { readonly id: number; readonly kind: K } & E;

/** zeromq-wasm's default maxMessageSize (libzmq's is -1, no limit). A
 * peer's frame header makes libzmq allocate the size it announces at once,
 * before any of it arrives; inside wasm's 2 GiB of memory four peers
 * announcing 500 MiB each, sending nothing more, reserve all of it and
 * leave none for other connections. With this cap such a frame ends its connection at once. Set
 * maxMessageSize: -1 (or any size) to choose otherwise. */
export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

export const socketOptions = {
  affinity: opt(4, "uint64"),
  routingId: opt(5, "string", { on: [REQ, REP, DEALER, ROUTER] }),
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
  // Readable as in zeromq.js: libzmq answers EINVAL.
  mandatory: opt(33, "bool", { on: [ROUTER] }),
  tcpKeepalive: opt(34, "int32"),
  tcpKeepaliveCount: opt(35, "int32"),
  tcpKeepaliveIdle: opt(36, "int32"),
  tcpKeepaliveInterval: opt(37, "int32"),
  tcpAcceptFilter: opt(38, "string"),
  immediate: opt(39, "bool"),
  verbosity: opt(40, "verbosity", { on: [XPUB], writeOnly: true }),
  ipv6: opt(42, "bool"),
  securityMechanism: opt(43, "mechanism", { readOnly: true }),
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
  typeOfService: opt(57, "uint32"),
  handshakeInterval: opt(66, "int32"),
  socksProxy: opt(68, "string"),
  noDrop: opt(69, "bool", { on: [XPUB, PUB], writeOnly: true }),
  manual: opt(71, "bool", { on: [XPUB], writeOnly: true }),
  welcomeMessage: opt(72, "string", { on: [XPUB], writeOnly: true }),
  notify: opt(73, "bool", { on: [STREAM], writeOnly: true }),
  invertMatching: opt(74, "bool", { on: [PUB, SUB, XPUB] }),
  heartbeatInterval: opt(75, "int32"),
  heartbeatTimeToLive: opt(76, "int32"),
  heartbeatTimeout: opt(77, "int32"),
  connectTimeout: opt(79, "int32"),
  tcpMaxRetransmitTimeout: opt(80, "int32"),
  threadSafe: opt(81, "bool", { readOnly: true }),
  multicastMaxTransportDataUnit: opt(84, "int32"),
  // VMCI is not in this libzmq (nor in zeromq.js's): libzmq answers EINVAL.
  vmciBufferSize: opt(85, "uint64"),
  vmciBufferMinSize: opt(86, "uint64"),
  vmciBufferMaxSize: opt(87, "uint64"),
  vmciConnectTimeout: opt(88, "int32"),
  interface: opt(92, "string"),
  zapEnforceDomain: opt(93, "bool"),
  loopbackFastPath: opt(94, "bool"),
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

/** Option properties of socket type T, typed with what they read back as
 * (as zeromq.js types them: routingId is `string | null`); a string option
 * also takes bytes. */
export type SocketOptionProperties<T extends number> = {
  -readonly [N in OptionNameFor<T> & WritableOptionName]: ReadOf<Spec<N>["kind"]>;
} & {
  readonly [N in Exclude<OptionNameFor<T>, WritableOptionName>]: ReadOf<Spec<N>["kind"]>;
};

/** Context options (zmq_ctx_set / zmq_ctx_get), with libzmq's defaults
 * (what a page shows before it has asked: its libzmq is in a worker).
 * `inert`: accepted and checked as zeromq.js does, never given to libzmq
 * (see Context). */
export const contextOptions = {
  ioThreads: { id: 1, kind: "int32", initial: 1 },
  maxSockets: { id: 2, kind: "int32", initial: 1023 },
  maxSocketsLimit: { id: 3, kind: "int32", initial: 65535, readOnly: true },
  threadPriority: { id: 3, kind: "int32", initial: -1, writeOnly: true, inert: true },
  threadSchedulingPolicy: { id: 4, kind: "int32", initial: -1, writeOnly: true, inert: true },
  maxMessageSize: { id: 5, kind: "int32", initial: 0x7fffffff },
  ipv6: { id: 42, kind: "bool", initial: 0 },
  blocky: { id: 70, kind: "bool", initial: 1 },
} as const;

export type ContextOptionName = keyof typeof contextOptions;
type ContextSpec<N extends ContextOptionName> = (typeof contextOptions)[N];
type ContextValue<N extends ContextOptionName> = ContextSpec<N>["kind"] extends "bool" ? boolean : number;
type WritableContextOptionName = { [N in ContextOptionName]: ContextSpec<N> extends { readOnly: true } ? never : N }[ContextOptionName];

/** Options `new Context()` takes. */
export type ContextOptions = { [N in WritableContextOptionName]?: ContextValue<N> };

/** Context option properties, as zeromq.js types them. */
export type ContextOptionProperties = { -readonly [N in WritableContextOptionName]: ContextValue<N> } & {
  readonly [N in Exclude<ContextOptionName, WritableContextOptionName>]: ContextValue<N>;
};

function optionSpec(name: string): OptionSpec | undefined {
  return Object.hasOwn(socketOptions, name) ? socketOptions[name as SocketOptionName] : undefined;
}

/** The spec of an option a socket of `type` may be given `value` for (the
 * worker's check of what a page sends: the page's properties did it there). */
export function checkOption(type: number, name: string, value: unknown): OptionSpec {
  const spec = optionSpec(name);
  if (!spec || spec.readOnly || (spec.on && !spec.on.includes(type))) throw typeError(`Socket option "${name}" cannot be set on this socket`);
  checkValue(spec.kind, value);
  return spec;
}

/** The spec of a readable option, or undefined (unknown or write-only). */
export function readableOption(name: string): OptionSpec | undefined {
  const spec = optionSpec(name);
  return spec && !spec.writeOnly ? spec : undefined;
}

/** zeromq.js's type check of an option value: a TypeError if wrong. */
export function checkValue(kind: OptionKind, value: unknown): void {
  switch (kind) {
    case "bool":
      if (typeof value !== "boolean") throw typeError("Option value must be a boolean");
      return;
    case "string":
    case "key":
      if (typeof value !== "string" && value !== null && !ArrayBuffer.isView(value)) throw typeError("Option value must be a string or buffer");
      return;
    case "verbosity":
      if (value !== null && value !== "allSubs" && value !== "allSubsUnsubs") {
        throw typeError('Option value must be null, "allSubs" or "allSubsUnsubs"');
      }
      return;
    default:
      if (typeof value !== "number") throw typeError("Option value must be a number");
  }
}

const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * An integer option's value as libzmq gets it, converted as zeromq.js's
 * C++ does: int32 and uint32 wrap (ToInt32, ToUint32: 2**32 + 4 is 4),
 * int64 saturates, uint64 takes negatives as 0 and saturates; NaN and
 * infinities are 0 except where saturating.
 */
export function integerValue(kind: OptionKind, value: number): bigint {
  switch (kind) {
    case "int32":
      return BigInt(value | 0);
    case "uint32":
      return BigInt(value >>> 0);
    case "uint64":
      if (!(value > 0)) return 0n;
      if (value > Number.MAX_SAFE_INTEGER) warn("Value is larger than Number.MAX_SAFE_INTEGER and may have been rounded inaccurately.");
      return value === Infinity ? UINT64_MAX : bigMin(BigInt(Math.trunc(value)), UINT64_MAX);
    default: {
      if (Number.isNaN(value)) return 0n;
      if (!Number.isFinite(value)) return value > 0 ? INT64_MAX : -INT64_MAX - 1n;
      const big = BigInt(Math.trunc(value));
      return big > INT64_MAX ? INT64_MAX : big < -INT64_MAX - 1n ? -INT64_MAX - 1n : big;
    }
  }
}

const bigMin = (a: bigint, b: bigint) => (a < b ? a : b);

/** A checked value as it reads back from libzmq once set (what a page
 * shows before it asks the worker): integers converted, bytes as text. */
export function readBack(spec: OptionSpec, value: unknown): unknown {
  switch (spec.kind) {
    case "int32":
    case "uint32":
    case "int64":
    case "uint64":
      return Number(integerValue(spec.kind, value as number));
    case "string": {
      const text = ArrayBuffer.isView(value) ? new TextDecoder().decode(value) : (value as string | null);
      return text === "" ? null : text;
    }
    default:
      return value;
  }
}

/** A process warning where the runtime has them (Node), as zeromq.js gives. */
function warn(message: string): void {
  (globalThis as { process?: { emitWarning?(message: string): void } }).process?.emitWarning?.(message);
}

/** How securityMechanism reads ZMQ_MECHANISM's values, as zeromq.js reads them. */
export const MECHANISMS = [null, "plain", "curve", "gssapi"] as const;

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

type OptionAccess = { getOption(name: string): unknown; setOption(name: string, value: unknown): void };

/**
 * Makes options of the table properties of proto, read and written
 * through the class's getOption/setOption: those every socket has
 * (`type` undefined: on Socket.prototype), or those only socket type
 * `type` has (on its class's prototype). As in zeromq.js a write-only
 * option has no getter (it reads as undefined) and a read-only one no
 * setter (assigning it throws a TypeError in strict code); an option of
 * another socket type is no property at all, and the socket is sealed.
 */
export function defineOptionProperties(proto: OptionAccess, type?: number): void {
  for (const [name, spec] of Object.entries(socketOptions) as Array<[string, OptionSpec]>) {
    if (type === undefined ? spec.on : !spec.on?.includes(type)) continue;
    if (Object.hasOwn(proto, name)) continue;
    Object.defineProperty(proto, name, {
      get: spec.writeOnly
        ? undefined
        : function (this: OptionAccess) {
            return this.getOption(name);
          },
      set: spec.readOnly
        ? undefined
        : function (this: OptionAccess, value: unknown) {
            this.setOption(name, value);
          },
      configurable: true,
    });
  }
}
