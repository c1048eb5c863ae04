/**
 * Process behaviour in Node as zeromq.js has it (issue 14, item 9), in
 * child processes running zeromq.js programs: the process warning when an
 * option set on a bound or connected socket cannot reach its connections,
 * and, at exit, waiting for queued messages (saying so on stderr) until
 * they are delivered. No timing: the peer appears only once the child has
 * said it is waiting.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { describe } from "node:test";
import { fileURLToPath } from "node:url";
import { libraries, type LibraryName } from "./libraries.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const WAITING = "WARNING: Waiting for queued ZeroMQ messages to be delivered. Set 'context.blocky = false' to change this behaviour.";

interface Child {
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr (or stdout) contains text. */
  says(text: string, stream?: "stdout" | "stderr"): Promise<void>;
}

/** Runs `program` (an ES module body; `zmq` is the library) in a new Node. */
function run(lib: LibraryName, program: string): Child {
  const source = `import * as zmq from ${JSON.stringify(lib)};\n${program}`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", source], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  const listeners: Array<() => void> = [];
  for (const name of ["stdout", "stderr"] as const) {
    child[name].setEncoding("utf8").on("data", (chunk: string) => {
      out[name] += chunk;
      for (const listener of [...listeners]) listener();
    });
  }
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return {
    exited,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    says: (text, stream = "stderr") =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!out[stream].includes(text)) return;
          listeners.splice(listeners.indexOf(check), 1);
          resolve();
        };
        listeners.push(check);
        void exited.then(() => reject(new Error(`exited without saying ${JSON.stringify(text)}:\n${out.stderr}`)));
        check();
      }),
  };
}

/** A port nobody listens on (now). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

for (const lib of libraries()) {
  describe(`process behaviour (${lib.name})`, () => {
    lib.it("warns when an option set after connect cannot take effect, and not for live options", async () => {
      const child = run(
        lib.name,
        `process.on("warning", (w) => console.log(JSON.stringify({ name: w.name, message: w.message })));
        const socket = new zmq.Dealer();
        socket.routingId = "before";
        socket.connect("inproc://process-warning");
        socket.linger = 0;
        socket.sendHighWaterMark = 10;
        socket.routingId = "after";
        socket.close();`,
      );
      assert.equal(await child.exited, 0, child.stderr());
      const warnings = child.stdout().trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
      assert.deepEqual(warnings, [{ name: "Warning", message: "Socket option will not take effect until next connect/bind." }]);
      assert.match(child.stderr(), /\(node:\d+\) Warning: Socket option will not take effect until next connect\/bind\./);
    });

    lib.it("waits at exit for a queued message, says so, and exits once it is delivered", async () => {
      const port = await freePort();
      const child = run(
        lib.name,
        `const push = new zmq.Push();
        push.connect("tcp://127.0.0.1:${port}");
        await push.send("queued");
        console.log("sent");`,
      );
      await child.says("sent", "stdout");
      await child.says(WAITING);
      assert.match(child.stderr(), new RegExp(`^\\(node:\\d+\\) ${WAITING.replace(/[.()']/g, "\\$&")}\\n$`));
      // Only now a peer: the child delivers to it and exits.
      const native = await import("zeromq");
      const pull = new native.Pull({ linger: 0 });
      await pull.bind(`tcp://127.0.0.1:${port}`);
      try {
        const [message] = await pull.receive();
        assert.equal(message.toString(), "queued");
        assert.equal(await child.exited, 0);
      } finally {
        pull.close();
      }
    });

    lib.it("exits at once with nothing to wait for: linger 0, or a blocky: false context", async () => {
      for (const setup of ["const push = new zmq.Push({ linger: 0 });", "zmq.context.blocky = false; const push = new zmq.Push();"]) {
        const port = await freePort();
        const child = run(lib.name, `${setup}\npush.connect("tcp://127.0.0.1:${port}");\nawait push.send("dropped");`);
        assert.equal(await child.exited, 0);
        assert.equal(child.stderr(), "");
      }
    });

    lib.it("exits at once when only inproc holds messages: a peer never bound, or one that did not read", async () => {
      const child = run(
        lib.name,
        `const dealer = new zmq.Dealer();
        dealer.connect("inproc://nobody-binds-this");
        await dealer.send("never delivered");
        const pair = new zmq.Pair();
        await pair.bind("inproc://unread");
        const peer = new zmq.Pair();
        peer.connect("inproc://unread");
        await peer.send("never read");`,
      );
      assert.equal(await child.exited, 0);
      assert.equal(child.stderr(), "");
    });
  });
}
