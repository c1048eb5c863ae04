/**
 * One tutorial program running in the page, like one process of the
 * Guide's examples: its own console, timers and sockets, so that stopping
 * it (Stop, or killing a server to watch a client cope) ends all of them
 * at once and nothing it printed afterwards shows.
 */
import { formatParts } from "./format.ts";
import { trackedModule, type SocketLike } from "./tracked-module.ts";
import { errorLocation, type ProgramBody } from "./transpile.ts";

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
  /** The tutorial's libraries (the Guide's mdcliapi, ...), by path
   * relative to the tutorial's folder: a program imports one with a
   * relative path, and gets its own copy, whose sockets are its own. */
  libraries?: Record<string, ProgramBody>;
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
    const require = (specifier: string, from = file): Record<string, unknown> => {
      const key = specifier.startsWith(".") ? resolvePath(from, specifier) : specifier;
      const known = imports.get(key);
      if (known) return known;
      const library = host.libraries?.[key];
      if (library) {
        const exports: Record<string, unknown> = {};
        imports.set(key, exports);
        const requireFromLibrary = (inner: string) => require(inner, key);
        library(requireFromLibrary, exports, console, timers.setTimeout, timers.setInterval, timers.clearTimeout, timers.clearInterval).catch((error: unknown) => this.#fail(error));
        return exports;
      }
      const module = host.modules[specifier];
      if (!module) {
        const choices = [...Object.keys(host.modules), ...Object.keys(host.libraries ?? {}).map((path) => `"${path}"`)];
        throw new Error(`cannot import "${specifier}" here; tutorials import ${choices.join(" or ")}`);
      }
      const tracked = trackedModule(module, (socket) => this.#adopt(socket));
      imports.set(key, tracked);
      return tracked;
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
        (error: unknown) => this.#fail(error),
      );
  }

  #fail(error: unknown): void {
    if (this.#state !== "running") return;
    const at = errorLocation(error, [this.file, ...Object.keys(this.host.libraries ?? {})]);
    const message = error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : String(error);
    const where = !at ? "" : at.file === this.file ? ` at line ${at.line}` : ` at ${at.file} line ${at.line}`;
    this.#print(`error${where}: ${message}`, "err");
    this.#end("failed");
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

/** A relative import's path from the importing file, both relative to the
 * tutorial's folder ("../majordomo/mdclient.ts" + "./mdcliapi.ts" ->
 * "../majordomo/mdcliapi.ts"); ".ts" may be left off. */
export function resolvePath(from: string, specifier: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "." || part === "") continue;
    if (part === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else parts.push(part);
  }
  const path = parts.join("/");
  return path.endsWith(".ts") ? path : `${path}.ts`;
}
