// The zeromq-wasm-proxy command (src/proxy-cli.ts): its argument errors,
// and a run between native zeromq.js peers that ends cleanly on SIGTERM.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { Publisher, Subscriber } from "zeromq";
import { within } from "./support/util.ts";

const cli = fileURLToPath(new URL("../dist/proxy-cli.js", import.meta.url));
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 20_000 });
const any = "tcp://127.0.0.1:*";

describe("zeromq-wasm-proxy (CLI)", () => {
  it("refuses bad arguments with exit code 2, the reason and the usage", () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /both --xsub and --xpub are required/],
      [["--xsub", any], /both --xsub and --xpub are required/],
      [["--xsub", any, "--xpub", any, "--hwm", "0"], /--hwm wants a whole number above 0, got "0"/],
      [["--xsub", any, "--xpub", any, "--hwm", "1.5"], /--hwm wants a whole number above 0, got "1\.5"/],
      [["--xsub", any, "--xpub", any, "--bogus"], /Unknown option '--bogus'/],
      [["--xsub", "nowhere", "--xpub", any], /--xsub nowhere: Invalid argument/],
      [["--xsub", any, "--xpub", "tcp://127.0.0.1:1:2"], /--xpub tcp:\/\/127\.0\.0\.1:1:2: /],
    ];
    for (const [args, reason] of cases) {
      const result = run(args);
      assert.equal(result.status, 2, args.join(" "));
      assert.match(result.stderr, reason, args.join(" "));
      assert.match(result.stderr, /usage: zeromq-wasm-proxy --xsub/);
    }
    const help = run(["--help"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: zeromq-wasm-proxy/);
  });

  it("forwards from publishers to subscribers with subscriptions going upstream, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [cli, "--xsub", any, "--xpub", any, "--hwm", "50"], { stdio: ["ignore", "pipe", "inherit"] });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const listening = JSON.parse((await within(lines.next(), 20_000, "the listening line")).value as string);
    assert.equal(listening.event, "listening");
    assert.equal(listening.hwm, 50);
    assert.match(listening.xsub, /^tcp:\/\/127\.0\.0\.1:\d+$/, "the port bound, not *");
    const publisher = new Publisher();
    const subscriber = new Subscriber();
    try {
      publisher.connect(listening.xsub);
      subscriber.connect(listening.xpub);
      subscriber.subscribe("weather");
      const received = subscriber.receive();
      // Until the subscription has come through the proxy to the publisher.
      const sending = setInterval(() => {
        void publisher.send(["sports", "no"]);
        void publisher.send(["weather", "sunny"]);
      }, 20);
      const [topic, body] = await within(received, 20_000, "a message through the proxy");
      clearInterval(sending);
      assert.deepEqual([String(topic), String(body)], ["weather", "sunny"]);
    } finally {
      publisher.close();
      subscriber.close();
    }
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = await within(exited, 20_000, "the proxy exits");
    assert.equal(code, 0);
  });
});
