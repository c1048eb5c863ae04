/**
 * Runs test/interop/peer.py, a native libzmq peer (pyzmq), with Debian's
 * system Python: the python3 first on PATH may be another one without zmq.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const systemPython = "/usr/bin/python3";
const script = fileURLToPath(new URL("../interop/peer.py", import.meta.url));
/** Roles peer.py lacks (fixed-port PUB, sequence-checking PULL). */
export const faultPeers = fileURLToPath(new URL("./fault_peers.py", import.meta.url));

export type PeerLine = Record<string, unknown>;

export class NativePeer {
  private readonly lines: PeerLine[] = [];
  private readonly waiters: Array<() => void> = [];
  private stderr = "";
  readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      this.lines.push(JSON.parse(line) as PeerLine);
      for (const wake of this.waiters.splice(0)) wake();
    });
    child.stderr!.on("data", (chunk) => (this.stderr += String(chunk)));
    this.exited = new Promise((resolve) => child.once("exit", (code) => {
      for (const wake of this.waiters.splice(0)) wake();
      resolve(code);
    }));
  }

  /** Starts a peer in role with options (see peer.py; or another script
   * speaking the same JSON-lines protocol, e.g. fault_peers.py). */
  static start(role: string, options: Record<string, unknown> = {}, path = script): NativePeer {
    return new NativePeer(spawn(systemPython, [path, role, JSON.stringify(options)], { stdio: ["ignore", "pipe", "pipe"] }));
  }

  /** The next line that has key, waiting up to timeoutMs. */
  async next(key: string, timeoutMs = 20_000): Promise<PeerLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.lines.findIndex((line) => key in line);
      if (index >= 0) return this.lines.splice(index, 1)[0];
      const error = this.lines.find((line) => "error" in line);
      if (error) throw new Error(`native peer failed: ${String(error.error)}\n${this.stderr}`);
      // (A peer stopped by a signal has no exit code.)
      if (!this.running) throw new Error(`native peer exited (${this.child.exitCode ?? this.child.signalCode}) before "${key}"\n${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`native peer: no "${key}" within ${timeoutMs} ms\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Runs a Node program (a .ts module, through tsx) that speaks the same
   * JSON-lines protocol, with env added to this process's environment; it
   * reads requests from stdin (tell). */
  static node(path: string, env: Record<string, string> = {}): NativePeer {
    const child = spawn(process.execPath, ["--import", "tsx", path], {
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    return new NativePeer(child);
  }

  /** Writes a JSON line to the peer's stdin (a peer started with node()). */
  tell(request: Record<string, unknown>): void {
    this.child.stdin?.write(`${JSON.stringify(request)}\n`);
  }

  /** The exit code, or null while it runs (or if a signal ended it). */
  get exitCode(): number | null {
    return this.child.exitCode;
  }

  /** What the peer wrote to stderr so far. */
  get errors(): string {
    return this.stderr;
  }

  /** Waits for the peer to be ready and returns its endpoint. */
  async endpoint(): Promise<string> {
    return String((await this.next("ready")).endpoint);
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}
