// Preloaded into a server measured by held.ts (NODE_OPTIONS="--import
// <this file>", MEMORY_PROBE_DIR set): on SIGUSR2 it runs a full garbage
// collection and writes <dir>/<pid>.json: process.memoryUsage() and V8's
// heap spaces after it, so that what is counted is what the connections
// hold, not garbage not yet collected. With MEMORY_PROBE_SNAPSHOT set it
// also writes a heap snapshot beside it (<dir>/<pid>-<n>.heapsnapshot).
// Plain JavaScript: it loads into any Node process, the gateway's CLI too,
// without a TypeScript loader.
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import v8 from "node:v8";
import vm from "node:vm";

const dir = process.env.MEMORY_PROBE_DIR;
if (dir) {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc");
  let taken = 0;
  process.on("SIGUSR2", () => {
    gc();
    gc();
    const memory = process.memoryUsage();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]));
    if (process.env.MEMORY_PROBE_SNAPSHOT) v8.writeHeapSnapshot(join(dir, `${process.pid}-${taken}.heapsnapshot`));
    taken++;
    const file = join(dir, `${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify({ ...memory, spaces }));
    renameSync(`${file}.tmp`, file);
  });
}
