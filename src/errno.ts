/**
 * errno as zeromq.js reports it on Linux: the number and the text for each
 * errno name. libzmq in wasm numbers errno as emscripten does (ENOENT is
 * 44 there, 2 on Linux) and words it as musl does ("Address in use"), so
 * errors take both from here instead: the one place errno names become
 * public numbers and texts.
 *
 * A leaf: it imports nothing.
 */

/** Linux's errno number and glibc's text (libzmq's own codes and text
 * for EFSM, ENOCOMPATPROTO, ETERM, EMTHREAD). */
const linux: Record<string, readonly [number, string]> = {
  EPERM: [1, "Operation not permitted"],
  ENOENT: [2, "No such file or directory"],
  ESRCH: [3, "No such process"],
  EINTR: [4, "Interrupted system call"],
  EIO: [5, "Input/output error"],
  ENXIO: [6, "No such device or address"],
  ENOEXEC: [8, "Exec format error"],
  EBADF: [9, "Bad file descriptor"],
  ECHILD: [10, "No child processes"],
  EAGAIN: [11, "Resource temporarily unavailable"],
  ENOMEM: [12, "Cannot allocate memory"],
  EACCES: [13, "Permission denied"],
  EFAULT: [14, "Bad address"],
  EBUSY: [16, "Device or resource busy"],
  EEXIST: [17, "File exists"],
  EXDEV: [18, "Invalid cross-device link"],
  ENODEV: [19, "No such device"],
  ENOTDIR: [20, "Not a directory"],
  EISDIR: [21, "Is a directory"],
  EINVAL: [22, "Invalid argument"],
  ENFILE: [23, "Too many open files in system"],
  EMFILE: [24, "Too many open files"],
  ENOTTY: [25, "Inappropriate ioctl for device"],
  ETXTBSY: [26, "Text file busy"],
  EFBIG: [27, "File too large"],
  ENOSPC: [28, "No space left on device"],
  ESPIPE: [29, "Illegal seek"],
  EROFS: [30, "Read-only file system"],
  EMLINK: [31, "Too many links"],
  EPIPE: [32, "Broken pipe"],
  EDOM: [33, "Numerical argument out of domain"],
  ERANGE: [34, "Numerical result out of range"],
  EDEADLK: [35, "Resource deadlock avoided"],
  ENAMETOOLONG: [36, "File name too long"],
  ENOLCK: [37, "No locks available"],
  ENOSYS: [38, "Function not implemented"],
  ENOTEMPTY: [39, "Directory not empty"],
  ELOOP: [40, "Too many levels of symbolic links"],
  ENOMSG: [42, "No message of desired type"],
  EIDRM: [43, "Identifier removed"],
  ENOSTR: [60, "Device not a stream"],
  ENODATA: [61, "No data available"],
  ETIME: [62, "Timer expired"],
  ENOSR: [63, "Out of streams resources"],
  ENOLINK: [67, "Link has been severed"],
  EPROTO: [71, "Protocol error"],
  EMULTIHOP: [72, "Multihop attempted"],
  EBADMSG: [74, "Bad message"],
  EOVERFLOW: [75, "Value too large for defined data type"],
  EILSEQ: [84, "Invalid or incomplete multibyte or wide character"],
  ENOTSOCK: [88, "Socket operation on non-socket"],
  EDESTADDRREQ: [89, "Destination address required"],
  EMSGSIZE: [90, "Message too long"],
  EPROTOTYPE: [91, "Protocol wrong type for socket"],
  ENOPROTOOPT: [92, "Protocol not available"],
  EPROTONOSUPPORT: [93, "Protocol not supported"],
  ENOTSUP: [95, "Operation not supported"],
  EOPNOTSUPP: [95, "Operation not supported"],
  EAFNOSUPPORT: [97, "Address family not supported by protocol"],
  EADDRINUSE: [98, "Address already in use"],
  EADDRNOTAVAIL: [99, "Cannot assign requested address"],
  ENETDOWN: [100, "Network is down"],
  ENETUNREACH: [101, "Network is unreachable"],
  ENETRESET: [102, "Network dropped connection on reset"],
  ECONNABORTED: [103, "Software caused connection abort"],
  ECONNRESET: [104, "Connection reset by peer"],
  ENOBUFS: [105, "No buffer space available"],
  EISCONN: [106, "Transport endpoint is already connected"],
  ENOTCONN: [107, "Transport endpoint is not connected"],
  ETIMEDOUT: [110, "Connection timed out"],
  ECONNREFUSED: [111, "Connection refused"],
  EHOSTUNREACH: [113, "No route to host"],
  EALREADY: [114, "Operation already in progress"],
  EINPROGRESS: [115, "Operation now in progress"],
  ESTALE: [116, "Stale file handle"],
  EDQUOT: [122, "Disk quota exceeded"],
  ECANCELED: [125, "Operation canceled"],
  EFSM: [156384763, "Operation cannot be accomplished in current state"],
  ENOCOMPATPROTO: [156384764, "The protocol is not compatible with the socket type"],
  ETERM: [156384765, "Context was terminated"],
  EMTHREAD: [156384766, "No thread available"],
};

/** Where zeromq.js words an errno its own way (and libzmq's text for
 * EHOSTUNREACH, which it has in place of the system's). */
const texts: Record<string, string> = {
  EFAULT: "Context is closed",
  EAGAIN: "Operation was not possible or timed out",
  EMFILE: "Too many open file descriptors",
  ENOENT: "No such endpoint",
  EBUSY: "Socket is busy",
  EBADF: "Socket is closed",
  EADDRINUSE: "Address already in use",
  EHOSTUNREACH: "Host unreachable",
};

/** The errno number zeromq.js gives for a name on Linux, or undefined. */
export function linuxErrno(code: string): number | undefined {
  return Object.hasOwn(linux, code) ? linux[code][0] : undefined;
}

/** zeromq.js's message for an errno name, or undefined if it has none. */
export function errnoText(code: string): string | undefined {
  if (Object.hasOwn(texts, code)) return texts[code];
  return Object.hasOwn(linux, code) ? linux[code][1] : undefined;
}
