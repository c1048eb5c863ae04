// A worker thread's bindSync() on zeromq-wasm, whose worker sockets live in
// the thread hosting libzmq: it throws ENOTSUP naming `await bind()`, which
// works. Prints one JSON line; run by test/compat/worker-threads.test.ts.
import { Worker, isMainThread, parentPort } from "node:worker_threads";

const zmq = await import("zeromq-wasm");

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url));
  const reported = await new Promise((resolve) => worker.once("message", resolve));
  await new Promise((resolve) => worker.once("exit", resolve));
  console.log(JSON.stringify(reported));
} else {
  const pair = new zmq.Pair({ linger: 0 });
  const address = "inproc://worker-bind-sync";
  let thrown;
  try {
    pair.bindSync(address);
  } catch (error) {
    thrown = { code: error.code, message: error.message };
  }
  await pair.bind(address);
  parentPort.postMessage({ thrown, boundAfter: pair.lastEndpoint });
  pair.close();
}
