/**
 * Chromium driven over a bare DevTools-protocol pipe, for benchmarks:
 * Playwright enables Chromium's Network domain on every page and worker,
 * and Chromium then reports each WebSocket frame to the driver, which cut
 * page WebSocket throughput 2-4x here. This driver enables no domain at
 * all: it only opens targets and evaluates expressions in them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { chromiumPath } from "../support/chromium.ts";

type Pending = { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void };

export interface BarePage {
  /** Runs fn(arg) in the page (fn as source text; its result by value). */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

export class BareChromium {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private buffered = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const output = child.stdio[4] as Readable;
    output.setEncoding("utf8");
    output.on("data", (chunk: string) => {
      this.buffered += chunk;
      for (let end = this.buffered.indexOf("\0"); end >= 0; end = this.buffered.indexOf("\0")) {
        const message = JSON.parse(this.buffered.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
        this.buffered = this.buffered.slice(end + 1);
        const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
        if (!waiter) continue; // events: none are enabled but target ones
        this.pending.delete(message.id!);
        if (message.error) waiter.reject(new Error(message.error.message));
        else waiter.resolve(message.result ?? {});
      }
    });
  }

  static launch(): BareChromium {
    const profile = mkdtempSync(join(tmpdir(), "zws-cdp-"));
    const child = spawn(
      chromiumPath(),
      ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--remote-debugging-pipe", `--user-data-dir=${profile}`, "about:blank"],
      { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] },
    );
    return new BareChromium(child, profile);
  }

  /** One protocol command (sessionId: a page's flattened session). */
  send(method: string, params: object = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const input = this.child.stdio[3] as Writable;
    input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** A browser context of its own (no cache, no warm worker), for pages
   * that share it (newPage's second argument). */
  async newContext(): Promise<{ id: string; close(): Promise<void> }> {
    const { browserContextId: id } = (await this.send("Target.createBrowserContext")) as { browserContextId: string };
    return { id, close: async () => void (await this.send("Target.disposeBrowserContext", { browserContextId: id })) };
  }

  /** A page at url in a fresh browser context (no cache, no warm worker),
   * or in `context` (newContext), which closing the page leaves open. */
  async newPage(url: string, context?: string): Promise<BarePage> {
    const browserContextId = context ?? (await this.newContext()).id;
    const { targetId } = (await this.send("Target.createTarget", { url: "about:blank", browserContextId })) as { targetId: string };
    const { sessionId } = (await this.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    await this.send("Page.navigate", { url }, sessionId);
    const evaluate = async <A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> => {
      // tsx names functions with __name(); the page has no such helper.
      const expression = `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`;
      for (;;) {
        const reply = (await this.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, sessionId)) as {
          result: { value?: R };
          exceptionDetails?: { text: string; exception?: { description?: string } };
        };
        if (!reply.exceptionDetails) return reply.result.value as R;
        const text = reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text;
        // Evaluated before the navigation committed: try again.
        if (/Execution context was destroyed|Cannot find context/.test(text)) continue;
        throw new Error(`in the page: ${text}`);
      }
    };
    return {
      evaluate,
      close: async () => {
        await this.send("Target.closeTarget", { targetId });
        if (!context) await this.send("Target.disposeBrowserContext", { browserContextId });
      },
    };
  }

  /** The pids of the browser and all its child processes (renderers, network service). */
  get pid(): number {
    return this.child.pid!;
  }

  async close(): Promise<void> {
    await this.send("Browser.close").catch(() => {});
    await new Promise((resolve) => (this.child.exitCode !== null ? resolve(undefined) : this.child.once("exit", resolve)));
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** The processes of pid's tree (itself and all its descendants: Chromium's
 * renderers, workers, network service), with their CPU ticks, from /proc. */
function processTree(rootPid: number): Array<{ pid: number; ticks: number }> {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the ")" that ends the command name: state ppid ... utime(14) stime(15).
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // exited meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let current = pid, hops = 0; current > 1 && hops < 64; hops++) {
      if (current === rootPid) return true;
      current = stats.get(current)?.parent ?? 0;
    }
    return false;
  };
  return [...stats].filter(([pid]) => inTree(pid)).map(([pid, stat]) => ({ pid, ticks: stat.ticks }));
}

/** CPU seconds (user + system) used so far by pid and all its descendants. */
export function treeCpuSeconds(rootPid: number): number {
  return processTree(rootPid).reduce((ticks, process) => ticks + process.ticks, 0) / 100; // USER_HZ
}

/** Memory of pid and all its descendants: the sum of their PSS (shared
 * pages counted once in all, split among their sharers), in bytes. */
export function treePssBytes(rootPid: number): number {
  let kb = 0;
  for (const { pid } of processTree(rootPid)) {
    try {
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      kb += Number(pss?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb * 1024;
}
