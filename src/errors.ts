/**
 * Errors as zeromq.js gives them: an Error whose `message` is zeromq.js's
 * text for the errno ("Invalid argument", "No such endpoint", "Socket is
 * closed"), with the errno name in `code` and its Linux number in `errno`;
 * for endpoint operations the `address`. What zeromq-wasm knows beyond
 * that (what was attempted, a hint) is in fields of its own, `operation`
 * and `hint`, so the message reads exactly as in zeromq.js.
 *
 * Wrong argument types are TypeErrors with zeromq.js's texts ("Address must
 * be a string", "Option value must be a number").
 *
 * A leaf below everything but errno.ts, so every layer can use it.
 */
import { errnoText, linuxErrno } from "./errno.js";

export interface ZmqError extends Error {
  /** The errno name, e.g. "EAGAIN", "EFSM", "EHOSTUNREACH". */
  code: string;
  /** The errno number as Linux numbers it (as zeromq.js reports it there). */
  errno: number;
  /** The endpoint, for bind/connect/unbind/disconnect errors. */
  address?: string;
  /** zeromq-wasm only: what was attempted, e.g. `bind`, `send`,
   * `set option "linger"`. */
  operation?: string;
  /** zeromq-wasm only: why, or what to do, where the message alone leaves
   * one guessing (e.g. "a Request alternates send and receive"). */
  hint?: string;
}

/** What zeromq-wasm adds to an error (see ZmqError). */
export interface ErrorContext {
  address?: string;
  operation?: string;
  hint?: string;
}

/** Hints where libzmq's own text leaves a person guessing. */
const hints: Record<string, string> = {
  EFSM: "not allowed in the socket's current state: a Request alternates send and receive, a Reply receives first",
  EHOSTUNREACH: "no peer with that routing id is connected",
  ENOCOMPATPROTO: "the transport does not work with this socket type",
  EPROTONOSUPPORT: "unknown or unsupported transport (use tcp:// or inproc://)",
  ETERM: "the context was terminated",
};

/**
 * The error zeromq.js gives for errno `code`: its message (or `message`
 * where zeromq.js words this case its own way), its Linux errno, and the
 * context zeromq-wasm adds. `fallback` numbers and words a code the table
 * does not know (the wasm build's own errno and text).
 */
export function zmqError(
  code: string,
  context: ErrorContext = {},
  message?: string,
  fallback?: { errno: number; text: string },
): ZmqError {
  const error = new Error(message ?? errnoText(code) ?? fallback?.text ?? code) as ZmqError;
  error.code = code;
  error.errno = linuxErrno(code) ?? fallback?.errno ?? 0;
  const hint = context.hint ?? hints[code];
  if (context.address !== undefined) error.address = context.address;
  if (context.operation !== undefined) error.operation = context.operation;
  if (hint !== undefined) error.hint = hint;
  return error;
}

/** An error with a message of its own for errno `code` (numbered as
 * zeromq.js numbers it), for failures zeromq.js has no text for. */
export function makeError(message: string, code: string, context: ErrorContext = {}): ZmqError {
  return zmqError(code, context, message);
}

/** A wrong argument type, as zeromq.js reports it: a TypeError. */
export function typeError(message: string): TypeError {
  return new TypeError(message);
}

/** zeromq.js's check that a call got at most `count` arguments. */
export function checkArity(args: { length: number }, count: number): void {
  if (args.length > count) {
    throw typeError(`Expected ${count} argument${count === 1 ? "" : "s"} but received ${args.length}`);
  }
}

/** Sockets made before an entry point has loaded (reaching past it). */
export function notLoadedError(): Error {
  return new Error(
    "zeromq-wasm is not loaded yet: await the module's `ready` promise (or import it from a module, " +
      "where top-level await does this) before creating sockets.",
  );
}

/** A call on a closed socket. */
export function closedError(): ZmqError {
  return zmqError("EBADF");
}

/** An option read or written on a closed socket: libzmq's ENOTSOCK, as
 * zeromq.js passes it on. */
export function closedOptionError(name: string): ZmqError {
  return zmqError("ENOTSOCK", { operation: `option "${name}"`, hint: "the socket is closed" });
}

/** A wait that ended without a message (receiveTimeout/sendTimeout, or the
 * socket closed meanwhile). */
export function timedOut(operation: "send" | "receive", why: string): ZmqError {
  return zmqError("EAGAIN", { operation, hint: why });
}

export function busyError(reading: boolean): ZmqError {
  return zmqError(
    "EBUSY",
    {},
    `Socket is busy ${reading ? "reading" : "writing"}; only one ${reading ? "receive" : "send"} operation may be in progress at any time`,
  );
}
