// npm run bench (browser part): a page in Chromium, through the gateway,
// beside the limits measured in the same run: the same bytes as raw
// WebSocket messages through the same gateway into a page, a native pyzmq
// SUB, and a raw WebSocket echo. Prints a table; writes bench-results/browser.json.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import * as net from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createGateway } from "../../dist/gateway/server.js";
import { launchChromium } from "../support/chromium.ts";
import { serveRepo } from "../support/static-server.ts";
import { echoServer } from "../support/tcp.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));

function py(role: string, endpoint: string, opts: object = {}) {
  const child = spawn("/usr/bin/python3", [here("peer_py.py"), role, endpoint, JSON.stringify(opts)]);
  children.push(child);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, next: async () => JSON.parse((await lines.next()).value as string) as Record<string, number> };
}

/** Streams 102-byte records (a 100 B message's ZMTP frame size) flat out. */
async function recordFeed(): Promise<{ port: number; close: () => void }> {
  const record = Buffer.alloc(102, 120);
  const chunk = Buffer.concat(Array.from({ length: 640 }, () => record));
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk));
      if (!socket.destroyed) socket.once("drain", pump);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

const port = 5900 + Math.floor(Math.random() * 90);
const pubEndpoint = `tcp://127.0.0.1:${port}`;
const repEndpoint = `tcp://127.0.0.1:${port + 1}`;
const pub = py("pub", pubEndpoint, { size: 100 });
await pub.next();
const rep = py("rep", repEndpoint);
await rep.next();
const feed = await recordFeed();
const echo = await echoServer();
const site = await serveRepo({ isolated: true });
const gateway = await createGateway({
  port: 0,
  allow: [`127.0.0.1:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.1:${feed.port}`, `127.0.0.1:${echo.port}`],
  origins: [site.url],
  log: false,
});
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(`${site.url}/test/e2e/page.html`);
await page.evaluate(() => (window as never as { pageReady: Promise<string> }).pageReady);

const pageSub = await page.evaluate(
  async ({ gateway, endpoint, seconds }) => {
    const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
    zmq.configure({ gateway });
    const sub = new zmq.Subscriber();
    sub.connect(endpoint);
    sub.subscribe();
    await sub.receive();
    let count = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      await sub.receive();
      count++;
    }
    const rate = count / ((performance.now() - t0) / 1000);
    sub.close();
    return rate;
  },
  { gateway: gateway.url, endpoint: pubEndpoint, seconds },
);

const rawStream = await page.evaluate(
  async ({ url, seconds }) => {
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    let bytes = 0;
    let t0 = 0;
    await new Promise((resolve) => (ws.onopen = resolve));
    return await new Promise<number>((resolve) => {
      ws.onmessage = (event) => {
        if (!t0) t0 = performance.now();
        bytes += (event.data as ArrayBuffer).byteLength;
        const elapsed = performance.now() - t0;
        if (elapsed > seconds * 1000) {
          ws.close();
          resolve(bytes / 102 / (elapsed / 1000));
        }
      };
    });
  },
  { url: `${gateway.url}/127.0.0.1:${feed.port}`, seconds },
);

const nativeSub = py("sub", pubEndpoint, { seconds });
const nativeRate = (await nativeSub.next()).messagesPerSecond;
// The PUB sends flat out with or without subscribers: stop it so it does
// not take a core from the latency tests.
pub.child.kill("SIGKILL");

const pageReq = await page.evaluate(
  async ({ gateway, endpoint }) => {
    const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
    zmq.configure({ gateway });
    const req = new zmq.Request();
    req.connect(endpoint);
    const message = new Uint8Array(100);
    for (let i = 0; i < 300; i++) {
      await req.send(message);
      await req.receive();
    }
    const n = 3000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      await req.send(message);
      await req.receive();
    }
    const mean = ((performance.now() - t0) * 1000) / n;
    req.close();
    return mean;
  },
  { gateway: gateway.url, endpoint: repEndpoint },
);

const rawEcho = await page.evaluate(
  async ({ url }) => {
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    await new Promise((resolve) => (ws.onopen = resolve));
    const message = new Uint8Array(102);
    let pending: ((value: unknown) => void) | undefined;
    let received = 0;
    ws.onmessage = (event) => {
      received += (event.data as ArrayBuffer).byteLength;
      if (received >= 102 && pending) {
        received -= 102;
        const wake = pending;
        pending = undefined;
        wake(undefined);
      }
    };
    const n = 3000;
    let t0 = 0;
    for (let i = 0; i < n + 300; i++) {
      if (i === 300) t0 = performance.now();
      const answered = new Promise((resolve) => (pending = resolve));
      ws.send(message);
      await answered;
    }
    ws.close();
    return ((performance.now() - t0) * 1000) / n;
  },
  { url: `${gateway.url}/127.0.0.1:${echo.port}` },
);

await browser.close();
await gateway.close();
await site.close();
await echo.close();
feed.close();

const rows = [
  { name: "page SUB <- native PUB via gateway, 100 B", unit: "msgs/s", value: pageSub, baseline: "raw WebSocket stream, 102 B records", baselineValue: rawStream },
  { name: "native pyzmq SUB <- native PUB, 100 B", unit: "msgs/s", value: nativeRate, baseline: "page SUB", baselineValue: pageSub },
  { name: "page REQ -> native REP via gateway, mean", unit: "µs", value: pageReq, baseline: "raw WebSocket echo via gateway", baselineValue: rawEcho },
];
console.log(`\nzeromq-wasm browser benchmark (${cpus().length} cores, Chromium headless, ${seconds} s windows)\n`);
console.log("| test | unit | value | baseline | baseline value | ratio |");
console.log("|---|---|---:|---|---:|---:|");
for (const row of rows) {
  console.log(`| ${row.name} | ${row.unit} | ${Math.round(row.value).toLocaleString("en-US")} | ${row.baseline} | ${Math.round(row.baselineValue).toLocaleString("en-US")} | ${(row.value / row.baselineValue).toFixed(2)}x |`);
}
mkdirSync("bench-results", { recursive: true });
writeFileSync("bench-results/browser.json", JSON.stringify({ date: new Date().toISOString(), cores: cpus().length, seconds, rows }, null, 2));
console.log("\nwrote bench-results/browser.json");
process.exit(0);
