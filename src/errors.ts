/**
 * Errors as zeromq.js users know them: an Error with libzmq's errno name in
 * `code` ("EAGAIN", "EFSM", "EHOSTUNREACH", ...), `errno`, and for endpoint
 * operations the `address`. Messages say what was attempted.
 */
import type { Native } from "./runtime/native.js";

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

/** An Error for libzmq's last failure (zmq_errno) in the calling thread. */
export function lastError(native: Native, action: string, address?: string): ZmqError {
  return errorFor(native, native.lastError(), action, address);
}

export function errorFor(native: Native, errno: number, action: string, address?: string): ZmqError {
  const code = native.errnoName(errno) || `E${errno}`;
  const text = native.strerror(errno);
  const hint = hints[code];
  return makeError(`${action}: ${text}${hint ? ` (${hint})` : ""}`, code, errno, address);
}

export function closedError(): ZmqError {
  return makeError("Socket is closed", "EBADF");
}
