// A zeromq.js v6 program with worker_threads: the main thread and a worker
// both import the library (named by argv[2]: "zeromq" or "zeromq-wasm").
// zeromq.js shares one libzmq per process, so the worker sees the default
// context's options set in the main thread, and inproc:// reaches across
// threads, both ways. Prints one JSON line; run by
// test/compat/worker-threads.test.ts.
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const zmq = await import(isMainThread ? process.argv[2] : workerData.lib);

if (isMainThread) {
  zmq.context.maxSockets = 77;
  const pull = new zmq.Pull({ linger: 0 });
  await pull.bind("inproc://from-worker");
  const push = new zmq.Push({ linger: 0 });
  await push.bind("inproc://to-worker");

  const worker = new Worker(new URL(import.meta.url), { workerData: { lib: process.argv[2] } });
  const reported = new Promise((resolve) => worker.once("message", resolve));
  await push.send("from main");
  const [fromWorker] = await pull.receive();
  const seen = await reported;
  for (const socket of [pull, push]) socket.close();
  await new Promise((resolve) => worker.once("exit", resolve));
  console.log(JSON.stringify({ ...seen, mainGot: fromWorker.toString(), mainMaxSockets: zmq.context.maxSockets }));
} else {
  const seen = { workerMaxSockets: zmq.context.maxSockets };
  const push = new zmq.Push({ linger: 0 });
  push.connect("inproc://from-worker");
  const pull = new zmq.Pull({ linger: 0 });
  pull.connect("inproc://to-worker");
  await push.send("from worker");
  seen.workerGot = (await pull.receive())[0].toString();
  zmq.context.maxSockets = 78;
  parentPort.postMessage(seen);
  push.close();
  pull.close();
}
