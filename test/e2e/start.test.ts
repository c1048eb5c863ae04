// `npm start`'s script as a user runs it: it comes up with its embedded
// config, serves the page with the isolation headers and its config, the
// gateway refuses anything but the demo services, and Ctrl-C (SIGINT)
// stops everything with exit code 0.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { WebSocket } from "ws";
import { within } from "../support/util.ts";

describe("npm start (web-demo/server/start.ts)", () => {
  it("starts gateway, services and web app, and stops cleanly on Ctrl-C", async () => {
    // Below Linux's ephemeral range (32768 up), where the suite's own
    // outgoing connections take ports.
    const base = 20000 + Math.floor(Math.random() * 12000);
    const env = { ...process.env, PORT: String(base), GATEWAY_PORT: String(base + 1), SERVICES_PORT: String(base + 2) };
    const child = spawn(process.execPath, ["--import", "tsx", "web-demo/server/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    try {
      await within(
        new Promise<void>((resolve) => child.stdout.on("data", () => output.includes("Ctrl-C to stop") && resolve())),
        30_000,
        "the demo to start",
      ).catch((error: Error) => {
        throw new Error(`${error.message}; it printed:\n${output}`);
      });
      const page = await fetch(`http://localhost:${base}/`);
      assert.equal(page.status, 200);
      // No isolation headers: the page's libzmq needs none.
      assert.equal(page.headers.get("cross-origin-embedder-policy"), null);
      const config = await (await fetch(`http://localhost:${base}/demo-config.json`)).json();
      assert.equal(config.gatewayPort, base + 1);
      assert.equal(config.endpoints.weather, `tcp://127.0.0.1:${base + 3}`);
      // Default deny: a target that is not a demo service is refused at the upgrade.
      const refused = new WebSocket(`ws://127.0.0.1:${base + 1}/127.0.0.1:22`);
      refused.on("error", () => {});
      const [, response] = await within(once(refused, "unexpected-response"), 5000, "the refusal");
      assert.equal(response.statusCode, 403);
      refused.terminate();
      child.kill("SIGINT");
      const [code] = await within(once(child, "exit"), 10_000, "exit after SIGINT");
      assert.equal(code, 0, output);
      assert.match(output, /stopping/);
    } finally {
      child.kill("SIGKILL");
    }
  });

  // 5555 (SERVICES_PORT's default) is the Guide's own port, often taken on
  // a ZeroMQ developer's machine: one line that names the port and the
  // variable that moves it, no stack trace, a failing exit code.
  for (const [variable, offset] of [
    ["SERVICES_PORT", 2],
    ["GATEWAY_PORT", 1],
    ["PORT", 0],
  ] as const) {
    it(`a port in use (${variable}) is one line naming the port and ${variable}, exit code 1`, async () => {
      const base = 20000 + Math.floor(Math.random() * 12000);
      const taken = base + offset;
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(taken, variable === "PORT" ? "localhost" : "127.0.0.1", resolve));
      const env = { ...process.env, PORT: String(base), GATEWAY_PORT: String(base + 1), SERVICES_PORT: String(base + 2) };
      const child = spawn(process.execPath, ["--import", "tsx", "web-demo/server/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      try {
        const [code] = await within(once(child, "exit"), 30_000, "exit");
        assert.equal(code, 1, stdout + stderr);
        const lines = stderr.trim().split("\n");
        assert.equal(lines.length, 1, `one line, got:\n${stderr}`);
        assert.match(lines[0], new RegExp(`port ${taken} .*already in use.*set ${variable} to another port`));
        assert.doesNotMatch(stdout + stderr, /^\s+at /m, "no stack trace");
      } finally {
        child.kill("SIGKILL");
        blocker.close();
      }
    });
  }
});
