/**
 * Calls that block in libzmq (a tcp bind waits for the host to listen; a
 * proxy runs until terminated) run on a short-lived pthread
 * (zws_call_start in wasm/shim/zws_api.c) while JS waits without blocking.
 */
import { zmqError, type ErrorContext } from "../errors.js";
import { ZWS_CALL } from "./abi.js";
import { holdOpen } from "./keepalive.js";
import type { Native, Ptr } from "./native.js";
import type { Scheduler } from "./scheduler.js";

export { ZWS_CALL_BIND as CALL_BIND, ZWS_CALL_PROXY as CALL_PROXY, ZWS_CALL_UNBIND as CALL_UNBIND } from "./abi.js";

/** Runs op(target, arg) on a new thread (without threads: as a turn of the
 * scheduler's runs); rejects with libzmq's error, with `context` (what was
 * attempted), if it returns non-zero. */
export async function callOnThread(
  { native, scheduler }: { native: Native; scheduler: Scheduler },
  op: number,
  target: Ptr,
  arg: Ptr,
  context: ErrorContext,
): Promise<void> {
  const release = holdOpen();
  const call = native.wasm._malloc(ZWS_CALL.sizeof);
  try {
    if (native.wasm._zws_call_start(call, op, target, arg) !== 0) {
      throw zmqError("EAGAIN", { ...context, hint: "cannot start a thread (the wasm thread pool is exhausted)" });
    }
    const doneIndex = (call + ZWS_CALL.done) >> 2;
    while (Atomics.load(native.i32, doneIndex) === 0) await scheduler.sleepPlain(doneIndex, 0);
    const rc = native.i32[(call + ZWS_CALL.rc) >> 2];
    const err = native.i32[(call + ZWS_CALL.err) >> 2];
    if (rc !== 0) throw native.error(err, context);
  } finally {
    native.wasm._free(call);
    release();
  }
}
