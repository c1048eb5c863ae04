// The brokers a dashboard builder would otherwise pick, for the browser
// benchmark: Debian's nats-server and mosquitto, each started from its own
// config file in a temp dir (never the system service), on free loopback
// ports, with a TCP port for Node peers and a WebSocket port for pages.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/tcp.ts";
import { track } from "./processes.ts";

export interface Broker {
  name: string;
  version: string;
  /** For Node peers: nats://127.0.0.1:port or mqtt://127.0.0.1:port. */
  url: string;
  /** For pages: ws://127.0.0.1:port. */
  wsUrl: string;
  stop(): Promise<void>;
}

/** Resolves once a TCP connection to port succeeds (within timeoutMs). */
export async function waitListening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startBroker(options: { name: string; program: string; version: string; config: (tcp: number, ws: number) => string; scheme: string }): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), `zws-${options.name}-`));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const [tcp, ws] = [await freePort(), await freePort()];
  const config = join(dir, `${options.name}.conf`);
  writeFileSync(config, options.config(tcp, ws));
  const child = track(spawn(options.program, ["-c", config], { stdio: ["ignore", "ignore", "pipe"] }));
  let log = "";
  child.stderr!.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`${options.name} exited (${code}): ${log}`))));
  await Promise.race([Promise.all([waitListening(tcp), waitListening(ws)]), exited]);
  exited.catch(() => {}); // a later exit is our own stop()
  return {
    name: options.name,
    version: options.version,
    url: `${options.scheme}://127.0.0.1:${tcp}`,
    wsUrl: `ws://127.0.0.1:${ws}`,
    stop: async () => {
      if (child.exitCode === null) {
        const gone = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian installs the brokers in /usr/sbin, which a user's PATH may lack. */
const program = (name: string) => (existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : name);

const firstLine = (program: string, args: string[]) => {
  const result = execFileSync(program, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).split("\n")[0];
  return result.trim();
};

export const startNats = () =>
  startBroker({
    name: "nats-server",
    program: program("nats-server"),
    version: firstLine(program("nats-server"), ["--version"]).replace(/^nats-server:\s*/, ""),
    scheme: "nats",
    config: (tcp, ws) => `listen: "127.0.0.1:${tcp}"\nwebsocket {\n  listen: "127.0.0.1:${ws}"\n  no_tls: true\n}\n`,
  });

export const startMosquitto = () =>
  startBroker({
    name: "mosquitto",
    program: program("mosquitto"),
    // `mosquitto -h` prints its version first and exits 3.
    version: (() => {
      try {
        return firstLine(program("mosquitto"), ["-h"]);
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? "").split("\n")[0].trim();
      }
    })().replace(/^mosquitto version\s*/, ""),
    scheme: "mqtt",
    config: (tcp, ws) =>
      [
        "per_listener_settings false",
        "allow_anonymous true",
        "persistence false",
        "log_dest stderr",
        "log_type error",
        `listener ${tcp} 127.0.0.1`,
        "protocol mqtt",
        `listener ${ws} 127.0.0.1`,
        "protocol websockets",
        "",
      ].join("\n"),
  });
