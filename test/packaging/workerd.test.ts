// Cloudflare's workerd (npm package `workerd`, the runtime behind Workers
// and `wrangler dev`) running a Worker that imports the installed tarball:
// libzmq without threads, tcp:// through workerd's connect() to native
// libzmq (pyzmq), and through the gateway over WebSocket. The Worker is
// bundled as wrangler bundles one (esbuild, conditions workerd/worker/
// browser, *.wasm as compiled WebAssembly modules), once with today's
// compatibility date and once with an older one (no MessageChannel, no
// FinalizationRegistry).
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as esbuild from "esbuild";
import { freePort } from "../support/tcp.ts";
import { packAndInstall, repo } from "./packed.ts";
import { PackagingPeers, type PeerConfig } from "./peers.ts";

type Result = { ok: boolean; value?: unknown; error?: string; code?: string };

/** Bundles app/worker.mjs into dir/worker.js beside the .wasm it imports. */
async function bundle(app: string, dir: string): Promise<string[]> {
  const wasmModules: string[] = [];
  await esbuild.build({
    absWorkingDir: app,
    entryPoints: [join(app, "worker.mjs")],
    outfile: join(dir, "worker.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    external: ["cloudflare:*"],
    logLevel: "silent",
    plugins: [
      {
        // wrangler's default rule: a *.wasm import is a compiled module.
        name: "compiled-wasm",
        setup(build) {
          build.onResolve({ filter: /\.wasm$/ }, (args) => {
            const file = join(args.resolveDir, args.path);
            copyFileSync(file, join(dir, basename(file)));
            wasmModules.push(basename(file));
            return { path: `./${basename(file)}`, external: true };
          });
        },
      },
    ],
  });
  return wasmModules;
}

/** workerd's config: the Worker, and a network that may reach loopback
 * (Workers' default reaches only public addresses). */
function config(port: number, compatibilityDate: string, wasmModules: string[]): string {
  const modules = [
    `(name = "worker.js", esModule = embed "worker.js")`,
    ...wasmModules.map((name) => `(name = "${name}", wasm = embed "${name}")`),
  ];
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [${modules.join(", ")}],
  compatibilityDate = "${compatibilityDate}",
);
`;
}

async function startWorkerd(dir: string, port: number): Promise<{ child: ChildProcess; log: () => string }> {
  const child = spawn(join(repo, "node_modules", ".bin", "workerd"), ["serve", "config.capnp"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (chunk) => (log += String(chunk)));
  child.stderr!.on("data", (chunk) => (log += String(chunk)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${log}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return { child, log: () => log };
    } catch {
      if (Date.now() > deadline) throw new Error(`workerd did not listen within 30 s:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

let app: string;
before(() => {
  app = packAndInstall().app;
  copyFileSync(join(repo, "test", "packaging", "app", "worker.mjs"), join(app, "worker.mjs"));
});

for (const compatibilityDate of ["2026-11-01", "2024-09-23"]) {
  describe(`workerd (compatibility date ${compatibilityDate}): a Worker with the installed tarball against native libzmq`, () => {
    const peers = new PackagingPeers();
    let workerd: { child: ChildProcess; log: () => string };
    let base: string;
    let peerConfig: PeerConfig;

    before(async () => {
      // 11 requests to the plain REP: 3 in a row, then 8 at once.
      peerConfig = await peers.startShared({ repCount: 11 });
      const dir = join(app, `workerd-${compatibilityDate}`);
      mkdirSync(dir, { recursive: true });
      const wasmModules = await bundle(app, dir);
      const port = await freePort();
      writeFileSync(join(dir, "config.capnp"), config(port, compatibilityDate, wasmModules));
      workerd = await startWorkerd(dir, port);
      base = `http://127.0.0.1:${port}`;
    });
    after(async () => {
      workerd?.child.kill("SIGKILL");
      await peers.stop();
    });

    /** One check of app/worker.mjs: one request to the Worker. */
    const check = async (name: string): Promise<Result> => {
      const response = await fetch(`${base}/${encodeURIComponent(name)}?config=${encodeURIComponent(JSON.stringify(peerConfig))}`, {
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      assert.equal(response.status, 200, `${name}: HTTP ${response.status} ${text}\n${workerd.log()}`);
      return JSON.parse(text) as Result;
    };
    const passes = async (name: string): Promise<unknown> => {
      const result = await check(name);
      assert.ok(result.ok, `${name} failed: ${result.error} (${result.code})\n${workerd.log()}`);
      return result.value;
    };

    it("loads libzmq 4.3.4 without threads from a compiled module", async () => {
      assert.equal(await passes("version"), "4.3.4");
    });

    it("tcp connect through workerd's connect(): the Guide's hello-world client gets a native REP's reply, request after request", async () => {
      assert.deepEqual(await passes("tcp connect"), ["echo:Hello"]);
      assert.deepEqual(await passes("tcp connect again"), ["echo:Hello"]);
      assert.deepEqual(await passes("tcp connect"), ["echo:Hello"]);
    });

    it("concurrent requests, each with its own socket, all get their replies", async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => passes("tcp connect")));
      for (const result of results) assert.deepEqual(result, ["echo:Hello"]);
    });

    it("pub/sub: a Subscriber gets a native PUB's messages, filtered by prefix", async () => {
      const got = (await passes("pub/sub")) as string[][];
      assert.equal(got.length, 3);
      for (const [topic, body] of got) {
        assert.equal(topic, "weather");
        assert.match(body, /^weather \d+$/);
      }
    });

    it("inproc: request/reply inside the Worker", async () => {
      assert.deepEqual(await passes("inproc"), ["Hello, World"]);
    });

    it("CURVE: a Request with its own keys to a native CURVE server", async () => {
      assert.deepEqual(await passes("curve"), ["echo:Hello"]);
    });

    it("gateway: a Request through the WebSocket gateway to a native REP", async () => {
      assert.deepEqual(await passes("gateway"), ["echo:Hello"]);
    });

    it("tcp bind fails with a clear ENOTSUP: Workers cannot listen", async () => {
      const result = await check("tcp bind");
      assert.equal(result.ok, false);
      assert.equal(result.code, "ENOTSUP");
      assert.match(String(result.error), /cannot accept TCP connections \(a browser, a Cloudflare Worker\)/);
    });
  });
}
