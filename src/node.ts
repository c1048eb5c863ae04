/**
 * zeromq-wasm in Node: the main entry for both `import` and `require()`
 * (package.json maps both to one CommonJS bundle of this module, so a
 * process that does both gets one copy of the classes and one libzmq). The
 * build without threads loads synchronously here, so sockets can be made as
 * soon as require() returns, as with zeromq.js. Worker threads share the
 * process's libzmq (node-threads.ts). Otherwise it is index.ts.
 */
import { startThisThread } from "./node-threads.js";

/** `ready` resolves when the module is ready (already resolved after
 * loading); `version` is the libzmq inside, e.g. "4.3.4". */
export const { ready, version } = startThisThread();

export * from "./api.js";
export { curveKeyPair, curvePublicKey, z85Encode, z85Decode, type CurveKeyPair } from "./curve.js";
