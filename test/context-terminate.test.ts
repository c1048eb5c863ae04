// A Context nothing reaches any more is terminated once its sockets are
// closed, as zeromq.js terminates a collected context: without threads
// each context's reaper and I/O thread are turns of the host's one thread
// (wasm/shim/zws_coop.c), so contexts never terminated pile up turns, fds
// and memory. Here: contexts collected in a loop, a context released with
// a socket still open or still delivering, and a shared host's clients
// (serve-host.ts, over MessageChannel) that make their own context and go.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import vm from "node:vm";
import { wrap } from "comlink";
import type { WorkerApi } from "../dist/backend/protocol.js";
import type { WasmContext } from "../dist/backend/wasm-context.js";
import type { WasmHost } from "../dist/backend/wasm-host.js";
import { currentHost } from "../dist/host.js";
import { DEALER, PULL, PUSH, socketOptions } from "../dist/options.js";
import { serveHost } from "../dist/serve-host.js";
import { eventually, sleep } from "./support/util.ts";

setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const threads = process.env.ZEROMQ_WASM_TEST_BUILD === "threads";
type Zmq = typeof import("../dist/index.js");
let zmq: Zmq;
let host: WasmHost;

/** Every context the host makes, in order. */
const made: WasmContext[] = [];

before(async () => {
  // node.js: Node's entry, whose worker threads are clients of this thread's host.
  zmq = threads ? await import("../dist/threads.js") : await import("../dist/node.js");
  await zmq.ready;
  host = currentHost() as WasmHost;
  const createContext = host.createContext.bind(host);
  host.createContext = (options, shared) => {
    const context = createContext(options, shared);
    made.push(context);
    return context;
  };
});

/** The libzmq context behind a Context the test makes. */
function backendOf(make: () => InstanceType<Zmq["Context"]>): [InstanceType<Zmq["Context"]>, WasmContext] {
  const count = made.length;
  const context = make();
  assert.equal(made.length, count + 1);
  return [context, made[count]!];
}

/** Collects garbage and lets finalizers, and the terminations they start, run. */
async function collect(): Promise<void> {
  gc();
  await sleep(0);
  await sleep(0);
}

const terminated = (context: WasmContext) => context.handle === 0;

/** A Push/Pull pair on a fresh context and one on the default context carry a message. */
async function socketsWork(label: string): Promise<void> {
  for (const context of [new zmq.Context(), zmq.context]) {
    const pull = new zmq.Pull({ context });
    const push = new zmq.Push({ context });
    try {
      await pull.bind(`inproc://${label}-${context === zmq.context ? "default" : "own"}`);
      push.connect(`inproc://${label}-${context === zmq.context ? "default" : "own"}`);
      await push.send(label);
      const [frame] = await pull.receive();
      assert.equal(frame.toString(), label);
    } finally {
      push.close();
      pull.close();
    }
  }
}

/** The brief's loop body: a Context with a socket, closed, then dropped.
 * (Not inline in an async test: a suspended async function's frame may
 * still hold its last iteration's values.) */
function contextWithClosedSocket(i: number): WasmContext {
  const [context, backend] = backendOf(() => new zmq.Context());
  const socket = new zmq.Dealer({ context });
  socket.connect(`inproc://nowhere-${i}`);
  socket.close();
  return backend;
}

/** A Context only its open Pull holds: kept while the Pull lives (and
 * works); both dropped when this returns. */
async function usedAndDropped(): Promise<WasmContext> {
  const [context, backend] = backendOf(() => new zmq.Context());
  const pull = new zmq.Pull({ context });
  for (let i = 0; i < 5; i++) await collect();
  assert.ok(!terminated(backend), "its socket holds it (socket.context)");
  await pull.bind("inproc://held-by-its-socket");
  const push = new zmq.Push({ context: pull.context });
  push.connect("inproc://held-by-its-socket");
  await push.send("held");
  assert.equal((await pull.receive())[0]!.toString(), "held");
  push.close();
  return backend;
}

describe("context termination", () => {
  it("terminates 200 collected contexts made in a loop; sockets work after", async () => {
    const backends: WasmContext[] = [];
    for (let i = 0; i < 200; i++) {
      backends.push(contextWithClosedSocket(i));
      if (i % 20 === 19) await collect();
    }
    await eventually("every context terminated", async () => {
      await collect();
      return backends.every(terminated);
    });
    await socketsWork("after-200");
  });

  it("keeps a context its open socket holds, and ends it once the socket is dropped", async () => {
    const backend = await usedAndDropped();
    // The Pull is closed as it is collected, then its context ends.
    await eventually("terminated once its socket was collected", async () => {
      await collect();
      return terminated(backend);
    });
  });

  it("does not terminate a released context while its socket is open", async () => {
    const context = host.createContext([]);
    const pull = host.createSocket(PULL, context, []);
    context.release();
    await collect();
    assert.ok(!terminated(context), "a socket is open in it");
    await pull.bind("inproc://released-but-open");
    const push = host.createSocket(PUSH, context, []);
    push.connect("inproc://released-but-open", {});
    await push.send([new TextEncoder().encode("still here")]);
    const inbox: Uint8Array[][] = [];
    await pull.wait(inbox as never);
    assert.equal(new TextDecoder().decode(inbox[0]![0]), "still here");
    push.close();
    await collect();
    assert.ok(!terminated(context), "the Pull is still open");
    pull.close();
    await eventually("terminated once its last socket closed", () => terminated(context));
  });

  it("waits for a closed socket's queued message (its linger) before the context ends", async () => {
    const probe = new zmq.Pull();
    await probe.bind("tcp://127.0.0.1:*");
    const endpoint = probe.lastEndpoint!;
    probe.close();
    const context = host.createContext([]);
    const push = host.createSocket(PUSH, context, [["linger", socketOptions.linger, -1]]);
    push.connect(endpoint, {});
    await push.send([new TextEncoder().encode("queued")]);
    push.close();
    context.release();
    // Nothing listens: libzmq's reaper holds the socket, and the context.
    for (let i = 0; i < 10; i++) await collect();
    assert.ok(!terminated(context), "the queued message is not delivered yet");
    const pull = new zmq.Pull();
    try {
      await pull.bind(endpoint);
      const [frame] = await pull.receive();
      assert.equal(frame.toString(), "queued");
      await eventually("terminated once the message went out", () => terminated(context));
    } finally {
      pull.close();
    }
  });

  it("terminates the contexts a worker thread collects (its RemoteContexts tell the host)", { skip: threads && "worker threads share the default build's host" }, async () => {
    const first = made.length;
    const entry = new URL("../dist/node.js", import.meta.url).href;
    // The worker is a client of this thread's host (node-threads.ts).
    const worker = new Worker(
      `
      const { parentPort } = require("node:worker_threads");
      require("node:v8").setFlagsFromString("--expose-gc");
      const collectGarbage = require("node:vm").runInNewContext("gc");
      const turn = () => new Promise((resolve) => setTimeout(resolve, 0));
      (async () => {
        const zmq = await import(${JSON.stringify(entry)});
        for (let i = 0; i < 100; i++) {
          const context = new zmq.Context();
          const socket = new zmq.Dealer({ context });
          socket.connect("inproc://worker-nowhere-" + i);
          socket.close();
          if (i % 20 === 19) { collectGarbage(); await turn(); await turn(); }
        }
        for (let i = 0; i < 5; i++) { collectGarbage(); await turn(); }
        parentPort.postMessage("made");
        parentPort.once("message", () => process.exit(0));
      })();
      `,
      { eval: true },
    );
    try {
      await new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      const own = made.slice(first);
      assert.equal(own.length, 100, "the host made the worker's contexts");
      // While the worker lives: its collected contexts, not its exit, end them.
      await eventually("every context the worker collected terminated", () => own.every(terminated));
    } finally {
      worker.postMessage("bye");
      await new Promise((resolve) => worker.once("exit", resolve));
    }
  });

  it("keeps a shared host working while its clients make their own context and go, 100 times over", async () => {
    const first = made.length;
    for (let i = 0; i < 100; i++) {
      const { port1, port2 } = new MessageChannel();
      const served = serveHost(Promise.resolve(host), port1 as never, undefined, { shareSubscriberConnections: true });
      const api = wrap<WorkerApi>(port2 as never);
      await api.start({});
      await api.createContext(1, [], true);
      await api.createContext(2, [], false);
      await api.create(3, DEALER, 2, []);
      await api.connect(3, `inproc://tab-${i}`, {});
      await api.create(4, DEALER, 1, []);
      served.close();
      port2.close();
    }
    // The first: the clients' shared default context (subscriber-feeds.ts
    // makes it for the host); then each client's own.
    const [shared, ...own] = made.slice(first);
    assert.equal(own.length, 100, "each client made its own context");
    await eventually("every client's own context terminated", () => own.every(terminated));
    assert.ok(!terminated(shared!), "the shared default context stays");
    await socketsWork("after-clients");
  });
});
