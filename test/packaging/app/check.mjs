// Runs in a fresh project that installed the packed tarball, under Node,
// Deno or Bun (test/packaging/runtimes.test.ts): the Guide's hello world
// both ways, PUB/SUB, inproc, CURVE and the gateway, each against the native
// peers the test started. Prints one JSON line per check.
// Deno and Bun have a web Worker class; loading must leave it usable.
// config.entry: "zeromq-wasm" (libzmq without threads) or "zeromq-wasm/threads";
// config.require: load it with require() (CommonJS) instead of import.
import { createRequire } from "node:module";

const webWorker = globalThis.Worker;
const config = JSON.parse(process.argv[2]);
const entry = config.entry ?? "zeromq-wasm";
const { Reply, Request, Subscriber, configure, curveKeyPair, version } = config.require ? createRequire(import.meta.url)(entry) : await import(entry);
const open = [];
const track = (socket) => (open.push(socket), socket);

function within(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms))),
  ]);
}

async function check(name, run) {
  try {
    const value = await within(run(), 15_000, name);
    console.log(JSON.stringify({ check: name, ok: true, value }));
  } catch (error) {
    console.log(JSON.stringify({ check: name, ok: false, error: String(error?.message ?? error), code: error?.code }));
  }
}

const texts = (frames) => frames.map((frame) => frame.toString());

/** The Guide's hello-world client: one request to a REP. */
async function hello(endpoint, options = {}, connectOptions) {
  const socket = track(new Request({ linger: 0, ...options }));
  socket.connect(endpoint, connectOptions);
  await socket.send("Hello");
  return texts(await socket.receive());
}

await check("version", async () => version);

await check("web Worker kept", async () => {
  if (typeof webWorker !== "function") return "none";
  const worker = new globalThis.Worker(new URL("data:text/javascript,postMessage(1)"), { type: "module" });
  worker.terminate();
  return worker instanceof webWorker;
});

// The Guide's hello-world server: a REP bound on tcp, a native REQ asks.
// Left open until the end so the reply is surely flushed.
await check("tcp bind", async () => {
  const server = track(new Reply({ linger: 1000 }));
  await server.bind(config.bind);
  const request = texts(await server.receive());
  await server.send("World");
  return request;
});

await check("tcp connect", () => hello(config.rep));

await check("pub/sub", async () => {
  const sub = track(new Subscriber({ linger: 0 }));
  sub.connect(config.pub);
  sub.subscribe("weather");
  const got = [];
  for await (const frames of sub) {
    got.push(texts(frames));
    if (got.length === 3) break;
  }
  return got;
});

await check("inproc", async () => {
  const server = track(new Reply({ linger: 0 }));
  await server.bind("inproc://hello");
  const client = track(new Request({ linger: 0 }));
  client.connect("inproc://hello");
  await client.send("Hello");
  const [request] = await server.receive();
  await server.send(`${request.toString()}, World`);
  return texts(await client.receive());
});

await check("curve", async () => {
  const keys = curveKeyPair();
  return hello(config.curve.endpoint, { curveServerKey: config.curve.serverKey, curvePublicKey: keys.publicKey, curveSecretKey: keys.secretKey });
});

await check("gateway", async () => {
  // Node 20 has no global WebSocket: use the package's own dependency.
  if (typeof globalThis.WebSocket !== "function") configure({ WebSocket: (await import("ws")).WebSocket });
  return hello(config.gatewayRep, {}, { gateway: config.gateway });
});

for (const socket of open) socket.close();
console.log(JSON.stringify({ done: true }));
