// The tutorial runner (web-demo/tutorials/runner) in Node, against the
// package's Node entry: the same socket classes the page uses. Programs run
// as the page runs them: types stripped, imports mapped, sockets tracked.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as zmq from "zeromq-wasm";
import { TutorialRun } from "../../web-demo/tutorials/runner/tutorial-run.ts";
import { compileProgram, ProgramError } from "../../web-demo/tutorials/runner/transpile.ts";
import { resolvePath } from "../../web-demo/tutorials/runner/program-run.ts";

const modules = { "zeromq-wasm/browser": zmq as unknown as Record<string, unknown> };

function collect() {
  const lines: string[] = [];
  return { lines, host: { modules, print: (name: string, text: string, stream: string) => lines.push(`${name} ${stream}: ${text}`) } };
}

describe("tutorial runner", () => {
  it("a syntax error names the file and line, and nothing starts", () => {
    const { host, lines } = collect();
    assert.throws(
      () => new TutorialRun([{ file: "ok.ts", role: "client", source: "console.log('ran')" }, { file: "bad.ts", role: "client", source: "const a = 1;\nconst b = ;\n" }], host),
      (error: unknown) => error instanceof ProgramError && error.file === "bad.ts" && error.line === 2,
    );
    assert.deepEqual(lines, []);
  });

  it("a runtime error prints the line it was thrown at and fails the run", async () => {
    const { host, lines } = collect();
    const source = "const n: number = 1;\nconsole.log('before');\n\nthrow new TypeError(`bad ${n}`);\n";
    const run = new TutorialRun([{ file: "boom.ts", role: "client", source }], host);
    assert.equal(await run.finished, "failed");
    assert.deepEqual(lines, ["boom.ts out: before", "boom.ts err: error at line 4: TypeError: bad 1"]);
  });

  it("only zeromq-wasm can be imported, with a clear error", async () => {
    const { host, lines } = collect();
    const run = new TutorialRun([{ file: "fs.ts", role: "client", source: 'import { readFileSync } from "node:fs";\nreadFileSync("/etc/passwd");' }], host);
    assert.equal(await run.finished, "failed");
    assert.match(lines.join("\n"), /cannot import "node:fs" here; tutorials import zeromq-wasm\/browser/);
  });

  it("runs servers and clients together over inproc, then stops the servers and closes their sockets", async () => {
    const { host, lines } = collect();
    const server = `import { Reply } from "zeromq-wasm/browser";
const responder = new Reply();
await responder.bind("inproc://runner-test");
for await (const [request] of responder) await responder.send(request.toString().toUpperCase());`;
    const client = `import { Request } from "zeromq-wasm/browser";
const requester = new Request();
requester.connect("inproc://runner-test");
await requester.send("hello");
const [reply] = await requester.receive();
console.log(reply.toString());`;
    const run = new TutorialRun(
      [
        { file: "client.ts", role: "client", source: client, instances: 2 },
        { file: "server.ts", role: "server", source: server },
      ],
      host,
    );
    assert.equal(await run.finished, "done");
    assert.deepEqual(lines, ["client.ts #1 out: HELLO", "client.ts #2 out: HELLO"]);
    assert.deepEqual(run.states(), [
      { name: "server.ts", state: "stopped" },
      { name: "client.ts #1", state: "done" },
      { name: "client.ts #2", state: "done" },
    ]);
    // The server's socket was closed: the address is free for the next run.
    const again = new zmq.Reply();
    await again.bind("inproc://runner-test");
    again.close();
  });

  it("stopping a program closes its sockets, cancels its timers and mutes it", async () => {
    const { host, lines } = collect();
    const source = `import { Pull } from "zeromq-wasm/browser";
const pull = new Pull();
await pull.bind("inproc://runner-stop");
setTimeout(() => console.log("timer fired"), 50);
try { await pull.receive(); } catch (error) { console.log("giving up:", error); }`;
    const run = new TutorialRun([{ file: "waiting.ts", role: "client", source }], host);
    await new Promise((resolve) => setTimeout(resolve, 10));
    run.stop();
    assert.equal(await run.finished, "stopped");
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(lines, []);
  });

  it("a stopped program that goes on looping gets no timers and no sockets", async () => {
    const { host, lines } = collect();
    // Catches every failure and retries: it must wind down once stopped.
    const source = `import { Pull } from "zeromq-wasm/browser";
for (;;) {
  const pull = new Pull({ receiveTimeout: 20 });
  try { await pull.receive(); } catch { console.log("retrying"); }
  pull.close();
  await new Promise((resolve) => setTimeout(resolve, 5));
}`;
    const made: Array<{ closed: boolean }> = [];
    const Pull = class extends zmq.Pull {
      constructor(...args: ConstructorParameters<typeof zmq.Pull>) {
        super(...args);
        made.push(this);
      }
    };
    const run = new TutorialRun([{ file: "loop.ts", role: "client", source }], { ...host, modules: { "zeromq-wasm/browser": { ...modules["zeromq-wasm/browser"], Pull } } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    run.stop();
    const count = made.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(made.length <= count + 1, `${made.length - count} sockets made after the stop`);
    assert.ok(made.every((socket) => socket.closed));
    assert.ok(lines.length > 0);
  });

  it("a program stopped before its first line never runs", async () => {
    const { host } = collect();
    let ran = false;
    const probe = { mark: () => (ran = true) };
    const run = new TutorialRun([{ file: "eager.ts", role: "client", source: 'import { mark } from "probe";\nmark();' }], { ...host, modules: { ...host.modules, probe } });
    run.stop();
    assert.equal(await run.finished, "stopped");
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(ran, false);
  });

  it("stopping a program whose sockets a Proxy holds ends the proxy and frees its addresses", async () => {
    const { host } = collect();
    const source = `import { Dealer, Proxy, Router } from "zeromq-wasm/browser";
const frontend = new Router();
await frontend.bind("inproc://runner-proxy-front");
const backend = new Dealer();
await backend.bind("inproc://runner-proxy-back");
await new Proxy(frontend, backend).run();`;
    const run = new TutorialRun([{ file: "msgqueue.ts", role: "client", source }], host);
    await new Promise((resolve) => setTimeout(resolve, 100));
    run.stop();
    assert.equal(await run.finished, "stopped");
    // A lent socket refuses linger (EBUSY); closing it must still happen,
    // or the proxy would run on and hold both addresses.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = new zmq.Router();
    await again.bind("inproc://runner-proxy-front");
    again.close();
  });

  it("a program imports a library by relative path: its own copy, whose sockets are the program's; an error inside names the library's line", async () => {
    const { host, lines } = collect();
    const library = `import { Pull } from "zeromq-wasm/browser";
export let made = 0;
export function listen(address: string): Pull {
  made++;
  const pull = new Pull();
  pull.bind(address);
  return pull;
}
export function fail(): never {
  throw new RangeError("from the library");
}`;
    const program = `import { listen, fail } from "../lib/listener.ts";
const pull = listen("inproc://runner-library");
console.log(pull.constructor.name);
await new Promise((resolve) => setTimeout(resolve, 50));
fail();`;
    const run = new TutorialRun(
      [
        { file: "../lib/listener.ts", role: "library", source: library },
        { file: "user.ts", role: "client", source: program },
      ],
      host,
    );
    assert.equal(await run.finished, "failed");
    assert.deepEqual(lines, ["user.ts out: Pull", "user.ts err: error at ../lib/listener.ts line 10: RangeError: from the library"]);
    assert.deepEqual(run.states(), [{ name: "user.ts", state: "failed" }]);
    // The socket the library made was the program's: closed when it ended.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = new zmq.Pull();
    await again.bind("inproc://runner-library");
    again.close();
  });

  it("resolves relative imports from the importing file", () => {
    assert.equal(resolvePath("mdclient.ts", "./mdcliapi.ts"), "mdcliapi.ts");
    assert.equal(resolvePath("../majordomo/mdclient.ts", "./mdcliapi.ts"), "../majordomo/mdcliapi.ts");
    assert.equal(resolvePath("ticlient.ts", "../majordomo/mdcliapi"), "../majordomo/mdcliapi.ts");
  });

  it("a killed server can be started again while the clients go on", async () => {
    const { host, lines } = collect();
    const server = `import { Reply } from "zeromq-wasm/browser";
const responder = new Reply();
await responder.bind("inproc://runner-restart");
for await (const [request] of responder) await responder.send("pong");`;
    const client = `import { Request } from "zeromq-wasm/browser";
for (let i = 0; i < 2; i++) {
  const requester = new Request({ receiveTimeout: 3000 });
  requester.connect("inproc://runner-restart");
  await requester.send("ping");
  const [reply] = await requester.receive();
  console.log(i, reply.toString());
  requester.close();
  await new Promise((resolve) => setTimeout(resolve, 100));
}`;
    const run = new TutorialRun([{ file: "server.ts", role: "server", source: server }, { file: "client.ts", role: "client", source: client }], host);
    await new Promise((resolve) => setTimeout(resolve, 50));
    run.kill("server.ts");
    assert.equal(run.states()[0].state, "stopped");
    run.restart("server.ts");
    assert.equal(await run.finished, "done");
    assert.deepEqual(lines, ["client.ts out: 0 pong", "client.ts out: 1 pong"]);
  });

  it("compiles top-level await and type-only imports", async () => {
    const body = compileProgram('import { type ZmqError, Pair } from "zeromq-wasm/browser";\nconst x: Pair | undefined = undefined;\nawait Promise.resolve(x);', "t.ts");
    assert.equal(typeof body, "function");
  });
});
