// Where the first tcp connection's milliseconds go (issue 14, item 14): the
// time from connect() to the first delivered Push/Pull message in a fresh
// process, with zeromq-wasm's default (the wasm compiled eagerly, see
// src/runtime/eager-wasm.ts) or V8's lazy compilation (each function on its
// first call: --wasm-lazy-compilation, zeromq-wasm's default before), and
// with Node's own tcp path cold or warmed first by a plain node:net
// connection made before importing zeromq-wasm. Also each one's import time.
//   node --import tsx test/bench/readiness-split.ts [processes=9]
import { spawnSync } from "node:child_process";
import * as net from "node:net";
import { fileURLToPath } from "node:url";

type Figures = { import: number; first: number };
const self = fileURLToPath(import.meta.url);

if (process.argv[2] === "--child") {
  if (process.argv[3] === "warm-net") await plainConnection();
  const t0 = performance.now();
  const zmq = await import("zeromq-wasm");
  const imported = performance.now() - t0;
  const pull = new zmq.Pull({ linger: 0 });
  await pull.bind("tcp://127.0.0.1:*");
  const push = new zmq.Push({ linger: 0 });
  const start = performance.now();
  push.connect(pull.lastEndpoint!);
  await push.send("ready?");
  await pull.receive();
  const figures: Figures = { import: imported, first: performance.now() - start };
  console.log(JSON.stringify(figures));
  push.close();
  pull.close();
} else {
  const processes = Number(process.argv[2] ?? 9);
  console.log(`ms, median [min-max] of ${processes} fresh processes`);
  console.log("variant                          import                 first message");
  for (const [name, flags, net] of [
    ["lazy wasm, cold node:net", ["--wasm-lazy-compilation"], "cold-net"],
    ["eager wasm, cold node:net", [], "cold-net"],
    ["lazy wasm, warm node:net", ["--wasm-lazy-compilation"], "warm-net"],
    ["eager wasm, warm node:net", [], "warm-net"],
  ] as const) {
    const runs = Array.from({ length: processes }, () => {
      const run = spawnSync(process.execPath, [...flags, "--import", "tsx", self, "--child", net], { encoding: "utf8" });
      if (run.status !== 0) throw new Error(run.stderr);
      return JSON.parse(run.stdout) as Figures;
    });
    const cell = (key: keyof Figures) => spread(runs.map((run) => run[key])).padEnd(23);
    console.log(`${name.padEnd(33)}${cell("import")}${cell("first")}`);
  }
}

function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  return `${f(sorted[sorted.length >> 1])} [${f(sorted[0])}-${f(sorted[sorted.length - 1])}]`;
}

/** One loopback connection and one write through node:net alone. */
async function plainConnection(): Promise<void> {
  const server = net.createServer((socket) => socket.on("data", () => socket.destroy()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect({ host: "127.0.0.1", port });
  client.setNoDelay(true);
  await new Promise((resolve) => client.once("connect", resolve));
  client.write("x");
  await new Promise((resolve) => client.once("close", resolve));
  await new Promise((resolve) => server.close(resolve));
}
