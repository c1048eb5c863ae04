/**
 * What happens once the wasm module has aborted. libzmq aborts when malloc
 * fails (its alloc_assert: wasm memory is at most 2 GiB, and every
 * connection of the process shares it), or on an assertion; emscripten's
 * abort() then throws a RuntimeError from whatever JS called into wasm,
 * often a network callback or a scheduler turn, where nothing catches it:
 * Node exited. And the module's state is unknown from then on (a half-done
 * allocation, a lock a dead thread held), so it must not be entered again.
 *
 * The guard stands between the TypeScript layer and the module's exports:
 * after an abort (emscripten's onAbort), every call throws ENOMEM instead of
 * entering wasm, and the RuntimeError of the call that aborted becomes that
 * ENOMEM too. Listeners (sockets with pending waits, the host loop) learn
 * of it at once.
 */
import { zmqError, type ZmqError } from "../errors.js";
import type { WasmExports } from "./abi.js";

/** The error every call gets once the module has aborted. */
export function abortedError(): ZmqError {
  return zmqError("ENOMEM", {
    hint:
      "libzmq stopped: it ran out of wasm memory (at most 2 GiB, shared by every socket and connection of this " +
      "thread's zeromq-wasm) or failed an assertion; all its sockets are closed, and new ones cannot be made",
  });
}

type Exported = (...args: never[]) => unknown;

/** What the glue of the build with threads has of its workers. */
interface PThreadWorker {
  onerror?: (error: unknown) => void;
}
interface PThreads {
  runningWorkers: PThreadWorker[];
  unusedWorkers: PThreadWorker[];
  loadWasmModuleToWorker(worker: PThreadWorker, ...rest: unknown[]): unknown;
}

/** An error that is emscripten's abort(): "Aborted(...)", a RuntimeError. */
function isAbort(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return name === "RuntimeError" || (typeof message === "string" && message.startsWith("Aborted("));
}

export class AbortGuard {
  #aborted = false;
  readonly #listeners = new Set<() => void>();

  /** True once the module has aborted. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** Calls listener once the module aborts (at once if it has); returns
   * the way to stop listening. */
  onAbort(listener: () => void): () => void {
    if (this.#aborted) {
      listener();
      return () => {};
    }
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Throws ENOMEM if the module has aborted. */
  check(): void {
    if (this.#aborted) throw abortedError();
  }

  /** Records the abort and tells the listeners; once. */
  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // One listener's failure must not keep the others from hearing.
      }
    }
  }

  /** The module as the TypeScript layer uses it: its exported functions
   * (`_zmq_*`, `_zws_*`, `_malloc`...) guarded, the rest (memory, string
   * helpers) read through from the module. (A Proxy would do the same with
   * less code, but its trap on every call cost about a third of an inproc
   * stream's message rate.) */
  wrap(module: WasmExports): WasmExports {
    (module as unknown as { onAbort: () => void }).onAbort = () => this.abort();
    this.#quietWorkers(module);
    const guarded = Object.create(module) as Record<string, unknown>;
    for (const name of Object.keys(module)) {
      if (name.startsWith("_") && typeof (module as unknown as Record<string, unknown>)[name] === "function") {
        guarded[name] = this.#guarded(module as unknown as Record<string, Exported>, name);
      }
    }
    return guarded as unknown as WasmExports;
  }

  /** module[name], guarded. The glue's first export is a stub that
   * replaces itself with the real one when first called: the real one is
   * taken once that has happened, not looked up on every call. */
  #guarded(module: Record<string, Exported>, name: string): Exported {
    let call = module[name];
    let stub = true;
    return (...args) => {
      if (this.#aborted) throw abortedError();
      try {
        return call(...args);
      } catch (error) {
        if (this.#aborted) throw abortedError();
        throw error;
      } finally {
        if (stub) {
          stub = false;
          call = module[name];
        }
      }
    };
  }

  /**
   * The build with threads: a libzmq thread that aborts tells this thread
   * (onAbort) and then throws in its worker, whose error emscripten's glue
   * throws again here, uncaught. Such an error is the abort's, already
   * handled: it goes no further.
   */
  #quietWorkers(module: WasmExports): void {
    const pthread = (module as unknown as { PThread?: PThreads }).PThread;
    if (!pthread) return;
    const quiet = (worker: PThreadWorker | undefined): void => {
      const rethrow = worker?.onerror;
      if (!worker || !rethrow) return;
      worker.onerror = (error: unknown) => {
        if (this.#aborted || isAbort(error)) return this.abort();
        return rethrow.call(worker, error);
      };
    };
    for (const worker of [...pthread.runningWorkers, ...pthread.unusedWorkers]) quiet(worker);
    const load = pthread.loadWasmModuleToWorker;
    pthread.loadWasmModuleToWorker = function (this: PThreads, worker: PThreadWorker, ...rest: unknown[]) {
      const result = load.call(this, worker, ...rest);
      quiet(worker);
      return result;
    };
  }
}
