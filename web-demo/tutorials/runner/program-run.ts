/**
 * One tutorial program running in the page, like one process of the
 * Guide's examples: its own console, timers and sockets, so that stopping
 * it (Stop, or killing a server to watch a client cope) ends all of them
 * at once and nothing it printed afterwards shows.
 */
import { formatParts } from "./format.ts";
import { trackedModule, type SocketLike } from "./tracked-module.ts";
import { errorLine, type ProgramBody } from "./transpile.ts";

type TimerId = Parameters<typeof clearTimeout>[0];

export type ProgramState = "running" | "done" | "failed" | "stopped";
export type Stream = "out" | "err";

export interface ProgramHost {
  /** Module namespaces the program may import, by specifier. */
  modules: Record<string, Record<string, unknown>>;
  /** One line a program printed (name: the running copy's name). */
  print(name: string, text: string, stream: Stream): void;
  /** Each socket a program makes, as it is made (the page watches its
   * events to tell a reader what it could not reach). */
  socketMade?(name: string, socket: SocketLike): void;
  /** A program started ("running") or ended (its final state). */
  stateChanged?(name: string, state: ProgramState): void;
}

export class ProgramRun {
  readonly finished: Promise<ProgramState>;
  #state: ProgramState = "running";
  #settle!: (state: ProgramState) => void;
  readonly #sockets = new Set<SocketLike>();
  // Timer ids are numbers in a page and objects in Node: kept opaque.
  readonly #timeouts = new Set<TimerId>();
  readonly #intervals = new Set<TimerId>();

  constructor(
    /** The running copy's name: the file, or "file #2" for a second copy. */
    readonly name: string,
    readonly file: string,
    body: ProgramBody,
    private readonly host: ProgramHost,
  ) {
    this.finished = new Promise((resolve) => (this.#settle = resolve));
    host.stateChanged?.(name, "running");
    const imports = new Map<string, Record<string, unknown>>();
    const require = (specifier: string) => {
      const module = host.modules[specifier];
      if (!module) throw new Error(`cannot import "${specifier}" here; tutorials import ${Object.keys(host.modules).join(" or ")}`);
      if (!imports.has(specifier)) imports.set(specifier, trackedModule(module, (socket) => this.#adopt(socket)));
      return imports.get(specifier);
    };
    const print = (stream: Stream) => (...parts: unknown[]) => this.#print(formatParts(parts), stream);
    const console = { log: print("out"), info: print("out"), debug: print("out"), warn: print("err"), error: print("err") };
    const timers = {
      // An ended program's code may still run (a catch, a loop around a
      // failed receive): it gets no more timers, so it winds down.
      setTimeout: (callback: () => void, ms?: number, ...args: unknown[]) => {
        if (this.#state !== "running") return undefined;
        const id: TimerId = setTimeout(() => {
          this.#timeouts.delete(id);
          callback(...(args as []));
        }, ms);
        this.#timeouts.add(id);
        return id;
      },
      setInterval: (callback: () => void, ms?: number, ...args: unknown[]) => {
        if (this.#state !== "running") return undefined;
        const id: TimerId = setInterval(callback, ms, ...args);
        this.#intervals.add(id);
        return id;
      },
      clearTimeout: (id: TimerId) => {
        this.#timeouts.delete(id);
        clearTimeout(id);
      },
      clearInterval: (id: TimerId) => {
        this.#intervals.delete(id);
        clearInterval(id);
      },
    };
    // Started in a later microtask: a program's synchronous first lines must
    // not run inside the caller's own call (the page updates its UI first).
    void Promise.resolve()
      // Stopped before its first line: it never runs.
      .then(() =>
        this.#state === "running" ? body(require, {}, console, timers.setTimeout, timers.setInterval, timers.clearTimeout, timers.clearInterval) : undefined,
      )
      .then(
        () => this.#end("done"),
        (error: unknown) => {
          if (this.#state !== "running") return;
          const line = errorLine(error, file);
          const message = error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : String(error);
          this.#print(line === undefined ? `error: ${message}` : `error at line ${line}: ${message}`, "err");
          this.#end("failed");
        },
      );
  }

  get state(): ProgramState {
    return this.#state;
  }

  /** Ends the program as a killed process ends: its sockets close (dropping
   * what they still queue), its timers never fire, its output is muted. */
  stop(): void {
    if (this.#state !== "running") return;
    this.#end("stopped");
  }

  // A socket made after the program ended is closed at once, as a dead
  // process cannot open one.
  #adopt(socket: SocketLike): void {
    if (this.#state !== "running") return closeSocket(socket, this.#state);
    this.#sockets.add(socket);
    this.host.socketMade?.(this.name, socket);
  }

  #print(text: string, stream: Stream): void {
    if (this.#state === "stopped") return;
    this.host.print(this.name, text, stream);
  }

  #end(state: ProgramState): void {
    if (this.#state !== "running") return;
    this.#state = state;
    for (const id of this.#timeouts) clearTimeout(id);
    for (const id of this.#intervals) clearInterval(id);
    for (const socket of this.#sockets) closeSocket(socket, state);
    this.#sockets.clear();
    this.#settle(state);
    this.host.stateChanged?.(this.name, state);
  }
}

function closeSocket(socket: SocketLike, state: ProgramState): void {
  try {
    // A killed process loses what it queued; one that ended closes as its
    // own code would have.
    if (state === "stopped") socket.linger = 0;
  } catch {
    // closed already, or lent to a running Proxy (EBUSY): closing it below
    // still ends the proxy
  }
  try {
    socket.close();
  } catch {
    // already closed by the program
  }
}
