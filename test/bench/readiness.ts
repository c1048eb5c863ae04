// Readiness (issue 14, item 14): time from connect() to the first message
// delivered over tcp on loopback, both ends in one process, for
// zeromq-wasm (both builds), the native addon and pyzmq. "first" is the
// first connection of a fresh process (cold code); "warm" the median of
// later ones. Push/Pull sends once; Pub/Sub publishes flat out (one per
// turn of the event loop) until the subscriber has one. "wasm-lazy" is
// zeromq-wasm with V8 compiling each wasm function on its first call
// (--wasm-lazy-compilation), as before src/runtime/eager-wasm.ts.
//   node --import tsx test/bench/readiness.ts [processes=5] [rounds=20]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

type Lib = "wasm" | "wasm-lazy" | "threads" | "addon" | "pyzmq";
type Pattern = "push/pull" | "pub/sub";
type Figures = { first: number; warm: number };
const patterns: Pattern[] = ["push/pull", "pub/sub"];

const self = fileURLToPath(import.meta.url);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

if (process.argv[2] === "--child") {
  console.log(JSON.stringify(await measure(process.argv[3] as Exclude<Lib, "pyzmq">, process.argv[4] as Pattern, Number(process.argv[5]))));
} else {
  const processes = Number(process.argv[2] ?? 5);
  const rounds = Number(process.argv[3] ?? 20);
  console.log(`ms from connect() to the first delivered message (first: median [min-max] of ${processes} fresh processes; warm: median of their medians of ${rounds} rounds)`);
  console.log("lib        push/pull first      warm   pub/sub first        warm");
  for (const lib of ["wasm", "wasm-lazy", "threads", "addon", "pyzmq"] as Lib[]) {
    const cells = patterns.map((pattern) => {
      const runs = Array.from({ length: processes }, () => runChild(lib, pattern, rounds));
      const firsts = runs.map((run) => run.first);
      const first = `${median(firsts).toFixed(1)} [${Math.min(...firsts).toFixed(1)}-${Math.max(...firsts).toFixed(1)}]`;
      const warm = median(runs.map((run) => run.warm)).toFixed(2);
      return `${first.padStart(20)}${warm.padStart(6)}`;
    });
    console.log(`${lib.padEnd(9)}${cells.join("")}`);
  }
}

/** One fresh process: its first connection, then `rounds` more. */
function runChild(lib: Lib, pattern: Pattern, rounds: number): Figures {
  const run =
    lib === "pyzmq"
      ? spawnSync("/usr/bin/python3", [here("readiness.py"), pattern, String(rounds)], { encoding: "utf8" })
      : spawnSync(process.execPath, [...(lib === "wasm-lazy" ? ["--wasm-lazy-compilation"] : []), "--import", "tsx", self, "--child", lib, pattern, String(rounds)], {
          encoding: "utf8",
        });
  if (run.status !== 0) throw new Error(`${lib}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Figures;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

async function measure(lib: Exclude<Lib, "pyzmq">, pattern: Pattern, rounds: number): Promise<Figures> {
  const zmq = (
    lib === "addon" ? await import("zeromq") : lib === "threads" ? await import("../../dist/threads.js") : await import("zeromq-wasm")
  ) as typeof import("zeromq-wasm");
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  async function pushPull(): Promise<number> {
    const pull = new zmq.Pull({ linger: 0 });
    await pull.bind("tcp://127.0.0.1:*");
    const push = new zmq.Push({ linger: 0 });
    const start = performance.now();
    push.connect(pull.lastEndpoint!);
    await push.send("ready?");
    await pull.receive();
    const elapsed = performance.now() - start;
    push.close();
    pull.close();
    return elapsed;
  }

  async function pubSub(): Promise<number> {
    const pub = new zmq.Publisher({ linger: 0 });
    await pub.bind("tcp://127.0.0.1:*");
    const sub = new zmq.Subscriber({ linger: 0 });
    sub.subscribe();
    const start = performance.now();
    sub.connect(pub.lastEndpoint!);
    let received = false;
    const publishing = (async () => {
      while (!received) {
        await pub.send("ready?");
        await turn();
      }
    })();
    await sub.receive();
    const elapsed = performance.now() - start;
    received = true;
    await publishing;
    pub.close();
    sub.close();
    return elapsed;
  }

  const once = pattern === "push/pull" ? pushPull : pubSub;
  const first = await once();
  const warm: number[] = [];
  for (let i = 0; i < rounds; i++) warm.push(await once());
  return { first, warm: median(warm) };
}
