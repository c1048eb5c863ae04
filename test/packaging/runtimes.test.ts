// The packed package installed into a fresh project, run from there under
// Node, Deno and Bun (npm packages `deno` and `bun`, dev dependencies): the
// Guide's hello-world client and server, PUB/SUB, inproc, CURVE and the
// gateway, each against native libzmq (pyzmq). One run of
// test/packaging/app/check.mjs per runtime; each feature is its own test.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { NativePeer } from "../support/native-peer.ts";
import { freePort } from "../support/tcp.ts";
import { packAndInstall, repo } from "./packed.ts";
import { PackagingPeers } from "./peers.ts";

type Result = { check: string; ok: boolean; value?: unknown; error?: string; code?: string };

const bin = (name: string) => join(repo, "node_modules", ".bin", name);
const runtimes: Array<{ name: string; command: (script: string, config: string) => string[] }> = [
  { name: "Node", command: (script, config) => [process.execPath, script, config] },
  // Deno with only what the package needs: its own files and its peers.
  { name: "Deno", command: (script, config) => [bin("deno"), "run", "--allow-read=.", "--allow-net=127.0.0.1", script, config] },
  { name: "Bun", command: (script, config) => [bin("bun"), script, config] },
];

/** Runs check.mjs and collects its JSON lines (and stderr, for failures). */
function run(argv: string[], cwd: string): Promise<{ results: Map<string, Result>; done: boolean; exit: number | string | null; log: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const results = new Map<string, Result>();
      let done = false;
      for (const line of stdout.split("\n")) {
        if (!line.startsWith("{")) continue;
        const parsed = JSON.parse(line) as Result & { done?: boolean };
        if (parsed.done) done = true;
        else results.set(parsed.check, parsed);
      }
      resolve({ results, done, exit: code ?? signal, log: `exit ${code ?? signal}\n${stdout}\n${stderr}` });
    });
  });
}

let app: string;
before(() => {
  app = packAndInstall().app;
});

// Each runtime with both builds of libzmq: without threads (the package's
// main entry, imported and required) and with (zeromq-wasm/threads, ESM only).
const loads = [
  { entry: "zeromq-wasm", how: "import", require: false },
  { entry: "zeromq-wasm", how: "require", require: true },
  { entry: "zeromq-wasm/threads", how: "import", require: false },
];
for (const runtime of runtimes) for (const { entry, how, require } of loads) {
  describe(`${runtime.name}: the installed tarball (${how} ${entry}) against native libzmq`, () => {
    const peers = new PackagingPeers();
    let req: NativePeer;
    let outcome: Awaited<ReturnType<typeof run>>;

    before(async () => {
      const bind = `tcp://127.0.0.1:${await freePort()}`;
      req = peers.start("req", { connect: bind, count: 1, timeout_ms: 60_000 });
      const config = { ...(await peers.startShared()), bind, entry, require };
      outcome = await run(runtime.command(join(app, "check.mjs"), JSON.stringify(config)), app);
    });
    after(() => peers.stop());

    const result = (name: string): Result => {
      const found = outcome.results.get(name);
      assert.ok(found, `no result for "${name}"\n${outcome.log}`);
      assert.ok(found.ok, `${name} failed: ${found.error} (${found.code})\n${outcome.log}`);
      return found;
    };

    it("loads libzmq 4.3.4 from the installed package and exits by itself", () => {
      assert.equal(result("version").value, "4.3.4");
      assert.ok(outcome.done, outcome.log);
      assert.equal(outcome.exit, 0, outcome.log);
    });

    it("leaves the runtime's own web Worker class usable (Deno, Bun)", () => {
      assert.equal(result("web Worker kept").value, runtime.name === "Node" ? "none" : true);
    });

    it("tcp connect: the Guide's hello-world client gets a native REP's reply", () => {
      assert.deepEqual(result("tcp connect").value, ["echo:Hello"]);
    });

    it("tcp bind: the Guide's hello-world server answers a native REQ", async () => {
      assert.deepEqual(result("tcp bind").value, ["req 0", "second frame"]);
      assert.deepEqual((await req.next("reply", 10_000)).reply, ["World"]);
    });

    it("pub/sub: a Subscriber gets a native PUB's messages, filtered by prefix", () => {
      const got = result("pub/sub").value as string[][];
      assert.equal(got.length, 3);
      for (const [topic, body] of got) {
        assert.equal(topic, "weather");
        assert.match(body, /^weather \d+$/);
      }
    });

    it("inproc: request/reply inside the runtime", () => {
      assert.deepEqual(result("inproc").value, ["Hello, World"]);
    });

    it("CURVE: a Request with its own keys to a native CURVE server", () => {
      assert.deepEqual(result("curve").value, ["echo:Hello"]);
    });

    it("gateway: a Request through the WebSocket gateway to a native REP", () => {
      assert.deepEqual(result("gateway").value, ["echo:Hello"]);
    });
  });
}
