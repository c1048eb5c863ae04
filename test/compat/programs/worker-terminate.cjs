// A zeromq.js v6 program (CommonJS) whose worker thread is terminated while
// it waits in receive(), with sockets left open: the process must still
// exit by itself once the main thread closes its own. argv[2]: the library.
// Run by test/compat/worker-threads.test.ts.
const { Worker, isMainThread, parentPort, workerData } = require("node:worker_threads");
const zmq = require(isMainThread ? process.argv[2] : workerData.lib);

if (isMainThread) {
  const push = new zmq.Push({ linger: 0 });
  push.bind("inproc://terminate").then(() => {
    const worker = new Worker(__filename, { workerData: { lib: process.argv[2] } });
    worker.once("message", async () => {
      await worker.terminate();
      push.close();
      console.log(JSON.stringify({ terminated: true }));
    });
  });
} else {
  const pull = new zmq.Pull({ linger: 0 });
  pull.connect("inproc://terminate");
  const left = new zmq.Subscriber();
  left.connect("inproc://nowhere");
  parentPort.postMessage("waiting");
  pull.receive();
}
