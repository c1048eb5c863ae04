/**
 * What this build of libzmq and its transports can do, as zeromq.js's
 * `capability` says it of the native library. The same on every host (a
 * page's Worker runs the same build). test/compat/draft.test.ts checks it
 * against libzmq's zmq_has() in both builds.
 */
export const capability: Partial<{
  ipc: boolean;
  pgm: boolean;
  tipc: boolean;
  norm: boolean;
  curve: boolean;
  gssapi: boolean;
  draft: boolean;
}> = Object.freeze({
  // libzmq may be compiled with ipc://, but the transport shim has no Unix
  // domain sockets (README, "Differences").
  ipc: false,
  pgm: false,
  tipc: false,
  norm: false,
  curve: true,
  gssapi: false,
  draft: true,
});
