// One side of a benchmark, in Node, with either binding:
//   node --import tsx peer-node.ts <wasm|threads|addon> <role> <endpoint> <json options>
// (wasm: zeromq-wasm, libzmq without threads; threads: zeromq-wasm/threads)
// Roles: pub (flat out), sub (counts for a window), rep (echo), req (timed
// round trips). Results: one JSON line on stdout.
const [lib, role, endpoint, json] = process.argv.slice(2);
const opts = JSON.parse(json ?? "{}") as { size?: number; seconds?: number; count?: number };
// The package's own entries, as a Node application imports them (Node's
// entry loads and compiles the wasm as it is imported: src/node.ts).
const zmq = (
  lib === "addon" ? await import("zeromq") : lib === "threads" ? await import("zeromq-wasm/threads") : await import("zeromq-wasm")
) as typeof import("../../dist/index.js");

const print = (fields: object) => console.log(JSON.stringify(fields));

if (role === "pub") {
  const pub = new zmq.Publisher();
  await pub.bind(endpoint);
  print({ ready: true });
  const message = Buffer.alloc(opts.size ?? 100, 120);
  // Until killed: PUB drops what a slow subscriber cannot take (its HWM).
  for (let n = 0; ; n++) {
    await pub.send(message);
    if ((n & 1023) === 0) await new Promise((resolve) => setImmediate(resolve));
  }
} else if (role === "sub") {
  const sub = new zmq.Subscriber();
  sub.connect(endpoint);
  sub.subscribe();
  const seconds = opts.seconds ?? 3;
  let count = 0;
  let bytes = 0;
  await sub.receive(); // the stream is flowing
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  for (;;) {
    const [frame] = await sub.receive();
    count++;
    bytes += frame.length;
    if ((count & 255) === 0 && performance.now() >= end) break;
  }
  const elapsed = (performance.now() - t0) / 1000;
  print({ messagesPerSecond: count / elapsed, megabytesPerSecond: bytes / elapsed / 1e6 });
  process.exit(0);
} else if (role === "idle") {
  // CPU used by the whole process (all threads) with a connected, idle socket.
  const sub = new zmq.Subscriber();
  sub.connect(endpoint);
  sub.subscribe("nothing-is-published-on-this-topic");
  const pending = sub.receive().catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const start = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, (opts.seconds ?? 5) * 1000));
  const used = process.cpuUsage(start);
  print({ cpuShare: (used.user + used.system) / 1e6 / ((performance.now() - t0) / 1000) });
  sub.close();
  await pending;
  process.exit(0);
} else if (role === "rep") {
  const rep = new zmq.Reply();
  await rep.bind(endpoint);
  print({ ready: true });
  for await (const message of rep) await rep.send(message);
} else if (role === "req") {
  const req = new zmq.Request();
  req.connect(endpoint);
  const count = opts.count ?? 5000;
  const message = Buffer.alloc(opts.size ?? 100, 120);
  for (let i = 0; i < 500; i++) {
    await req.send(message);
    await req.receive();
  }
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await req.send(message);
    await req.receive();
    samples[i] = performance.now() - t;
  }
  samples.sort();
  const total = samples.reduce((a, b) => a + b, 0);
  print({
    roundTripsPerSecond: count / (total / 1000),
    meanMicros: (total / count) * 1000,
    p50Micros: samples[Math.floor(count * 0.5)] * 1000,
    p99Micros: samples[Math.floor(count * 0.99)] * 1000,
  });
  process.exit(0);
}
