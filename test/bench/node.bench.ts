// npm run bench (Node part): zeromq-wasm in Node against the native addon
// users would otherwise pick (npm "zeromq" v6) and native pyzmq, measured
// side by side in the same run. Prints a table and writes
// bench-results/node.json. Figures are ratios to the native addon.
//   BENCH_REPS=3 BENCH_SECONDS=3 npm run bench
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

// wasm: zeromq-wasm (libzmq without threads); threads: zeromq-wasm/threads.
type Lib = "wasm" | "threads" | "addon" | "pyzmq";
const libs: Lib[] = ["wasm", "threads", "addon", "pyzmq"];
const reps = Number(process.env.BENCH_REPS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
let port = 5700 + Math.floor(Math.random() * 200);

const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));

function start(lib: Lib, role: string, endpoint: string, opts: object): { child: ChildProcess; next: () => Promise<Record<string, number>> } {
  const child =
    lib === "pyzmq"
      ? spawn("/usr/bin/python3", [here("peer_py.py"), role, endpoint, JSON.stringify(opts)])
      : spawn(process.execPath, ["--import", "tsx", here("peer-node.ts"), lib, role, endpoint, JSON.stringify(opts)]);
  children.push(child);
  const lines: Array<Record<string, number>> = [];
  const waiting: Array<(line: Record<string, number>) => void> = [];
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const parsed = JSON.parse(line) as Record<string, number>;
    const wake = waiting.shift();
    if (wake) wake(parsed);
    else lines.push(parsed);
  });
  const next = () =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const line = lines.shift();
      if (line) return resolve(line);
      const timer = setTimeout(() => reject(new Error(`${lib} ${role}: no answer\n${stderr}`)), 60_000);
      waiting.push((l) => {
        clearTimeout(timer);
        resolve(l);
      });
    });
  return { child, next };
}

type Row = { name: string; unit: string } & Partial<Record<Lib, number>>;

/** Runs a server role and a client role; returns the client's result. The
 * server is the binding under test too unless serverLib says otherwise. */
async function pair(lib: Lib, server: string, client: string, opts: object, serverLib: Lib = lib): Promise<Record<string, number>> {
  const endpoint = `tcp://127.0.0.1:${port++}`;
  const a = start(serverLib, server, endpoint, opts);
  await a.next();
  const b = start(lib, client, endpoint, opts);
  try {
    return await b.next();
  } finally {
    a.child.kill("SIGKILL");
    b.child.kill("SIGKILL");
  }
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

async function measure(name: string, unit: string, key: string, run: (lib: Lib) => Promise<Record<string, number>>, only: Lib[] = libs): Promise<Row> {
  const row: Row = { name, unit };
  for (const lib of only) {
    const values: number[] = [];
    for (let i = 0; i < reps; i++) values.push((await run(lib))[key]);
    row[lib] = median(values);
  }
  return row;
}

const rows: Row[] = [];
// Both ends use the binding under test (pyzmq column: both ends pyzmq).
for (const size of [100, 1000, 65536]) {
  const label = size >= 1024 ? `${size / 1024} KB` : `${size} B`;
  rows.push(
    await measure(`PUB->SUB ${label}, both ends`, "msgs/s", "messagesPerSecond", (lib) => pair(lib, "pub", "sub", { size, seconds })),
  );
}
// Only the subscriber is the binding under test; the publisher is pyzmq.
rows.push(
  await measure("SUB <- native PUB, 100 B", "msgs/s", "messagesPerSecond", (lib) => pair(lib, "pub", "sub", { size: 100, seconds }, "pyzmq")),
);
const reqRep = (server: Lib | undefined) => async (lib: Lib) => pair(lib, "rep", "req", { count: 5000 }, server ?? lib);
for (const [name, server] of [["both ends", undefined], ["REQ -> native REP", "pyzmq"]] as const) {
  // One run gives rate, mean and percentiles together.
  const runs: Record<string, Record<string, number>[]> = {};
  for (const lib of libs) {
    runs[lib] = [];
    for (let i = 0; i < reps; i++) runs[lib].push(await reqRep(server)(lib));
  }
  for (const [key, label, unit] of [
    ["roundTripsPerSecond", "round trips", "round trips/s"],
    ["meanMicros", "mean", "µs"],
    ["p50Micros", "p50", "µs"],
    ["p99Micros", "p99", "µs"],
  ] as const) {
    const row: Row = { name: `REQ/REP ${label}, ${name}`, unit };
    for (const lib of libs) row[lib] = median(runs[lib].map((r) => r[key]));
    rows.push(row);
  }
}
// Idle: a connected socket to a (silent) pyzmq publisher, process CPU share.
rows.push(
  await measure("idle CPU, connected socket", "% of a core", "cpuShare", (lib) => pair(lib, "pub", "idle", { size: 1, seconds: 5 }, "pyzmq"), ["wasm", "threads", "addon"]),
);
const idle = rows[rows.length - 1];
for (const lib of ["wasm", "threads", "addon"] as const) idle[lib] = (idle[lib] ?? 0) * 100;

const fmt = (n: number | undefined) => (n === undefined ? "-" : n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(2));
console.log(`\nzeromq-wasm Node benchmark (${cpus().length} cores, ${cpus()[0]?.model ?? "?"}, Node ${process.version}, median of ${reps})\n`);
console.log("| test | unit | wasm | wasm with threads | native addon | pyzmq | wasm / addon | with threads / wasm |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|");
for (const row of rows) {
  const ratio = (a?: number, b?: number) => `${((a ?? NaN) / (b ?? NaN)).toFixed(2)}x`;
  console.log(`| ${row.name} | ${row.unit} | ${fmt(row.wasm)} | ${fmt(row.threads)} | ${fmt(row.addon)} | ${fmt(row.pyzmq)} | ${ratio(row.wasm, row.addon)} | ${ratio(row.threads, row.wasm)} |`);
}
mkdirSync("bench-results", { recursive: true });
writeFileSync(
  "bench-results/node.json",
  JSON.stringify({ date: new Date().toISOString(), machine: { cores: cpus().length, model: cpus()[0]?.model, node: process.version }, reps, rows }, null, 2),
);
console.log("\nwrote bench-results/node.json");
