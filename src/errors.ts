/**
 * Errors as zeromq.js users know them: an Error with libzmq's errno name in
 * `code` ("EAGAIN", "EFSM", "EHOSTUNREACH", ...), `errno`, and for endpoint
 * operations the `address`. Messages say what was attempted.
 *
 * A leaf: it imports nothing of ours, so every layer can use it. Turning a
 * libzmq errno into a name and text is the runtime's job (runtime/native.ts).
 */

export interface ZmqError extends Error {
  /** libzmq's errno name, e.g. "EAGAIN". */
  code: string;
  /** The errno value as this build numbers it (0 for API misuse). */
  errno: number;
  /** The endpoint, for bind/connect/unbind/disconnect errors. */
  address?: string;
}

export function makeError(message: string, code: string, errno = 0, address?: string): ZmqError {
  const error = new Error(message) as ZmqError;
  error.code = code;
  error.errno = errno;
  if (address !== undefined) error.address = address;
  return error;
}

/** Hints where libzmq's own text leaves a person guessing. */
const hints: Record<string, string> = {
  EFSM: "not allowed in the socket's current state: a Request alternates send and receive, a Reply receives first",
  EHOSTUNREACH: "no peer with that routing id is connected",
  ENOCOMPATPROTO: "the transport does not work with this socket type",
  EPROTONOSUPPORT: "unknown or unsupported transport (use tcp:// or inproc://)",
  EADDRINUSE: "the address is already in use",
  EOPNOTSUPP: "not supported here",
  ETERM: "the context was terminated",
};

/** An error libzmq reported: `action` ("Cannot bind ..."), libzmq's text
 * for it, and a hint where that text alone is obscure. */
export function libzmqError(code: string, errno: number, text: string, action: string, address?: string): ZmqError {
  const hint = hints[code];
  return makeError(`${action}: ${text}${hint ? ` (${hint})` : ""}`, code, errno, address);
}

/** Sockets made before an entry point has loaded (reaching past it). */
export function notLoadedError(): Error {
  return new Error(
    "zeromq-wasm is not loaded yet: await the module's `ready` promise (or import it from a module, " +
      "where top-level await does this) before creating sockets.",
  );
}

export function closedError(): ZmqError {
  return makeError("Socket is closed", "EBADF");
}

/** A wait that ended without a message (receiveTimeout/sendTimeout, or the
 * socket closed meanwhile), worded as zeromq.js does. */
export function timedOut(why: string): ZmqError {
  return makeError(`Operation was not possible or timed out (${why})`, "EAGAIN");
}

export function busyError(reading: boolean): ZmqError {
  return makeError(
    `Socket is busy ${reading ? "reading" : "writing"}; only one ${reading ? "receive" : "send"} operation may be in progress at any time`,
    "EBUSY",
  );
}
