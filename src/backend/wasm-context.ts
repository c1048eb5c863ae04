/**
 * A libzmq context in this thread's wasm, and its end. A context whose
 * public Context was collected (context.ts) or whose client has gone
 * (serve-host.ts) is terminated once its sockets are closed, as zeromq.js
 * terminates a collected context: without threads its reaper and I/O
 * thread are turns in wasm/shim/zws_coop.c that every run of libzmq
 * visits, and with threads they are threads; a context never terminated
 * keeps them, its descriptors and its memory for good.
 */
import { contextOptions, type ContextOptionName } from "../options.js";
import { afterEventLoop } from "../runtime/macrotask.js";
import type { Runtime } from "../runtime/load.js";
import type { Ptr } from "../runtime/native.js";
import { publishContext, writeShared } from "./shared-context.js";
import type { ContextBackend } from "./types.js";

/** The longest wait between two attempts to finish a termination (its
 * sockets deliver per their linger meanwhile). */
const RETRY_MAX_MS = 100;

export class WasmContext implements ContextBackend {
  /** The zmq context pointer in wasm memory (0 once terminated). */
  #handle: Ptr;
  /** Sockets made in it and not closed yet (monitors' and proxies' too). */
  #open = 0;
  #released = false;
  #terminating = false;

  /** published: where worker threads read this (default) context's
   * options (backend/shared-context.ts). */
  constructor(
    private readonly runtime: Runtime,
    options: Array<[ContextOptionName, number]>,
    private readonly published?: Int32Array,
  ) {
    const { native } = runtime;
    const handle = native.wasm._zmq_ctx_new();
    if (!handle) throw native.lastErrorFor({ operation: "create context" });
    this.#handle = handle;
    for (const [name, value] of options) this.set(name, value);
    if (published) publishContext(published, (name) => this.get(name));
  }

  get handle(): Ptr {
    return this.#handle;
  }

  /** True once termination has begun: libzmq takes no new socket in it,
   * and once it has finished, the handle is gone. */
  get terminating(): boolean {
    return this.#terminating;
  }

  get(name: ContextOptionName): number {
    const { native } = this.runtime;
    const value = native.wasm._zmq_ctx_get(this.#handle, contextOptions[name].id);
    if (value < 0) throw native.lastErrorFor({ operation: `get option "${name}"` });
    return value;
  }

  set(name: ContextOptionName, value: number): void {
    const { native } = this.runtime;
    if (native.wasm._zmq_ctx_set(this.#handle, contextOptions[name].id, value) !== 0) {
      throw native.lastErrorFor({ operation: `set option "${name}"` });
    }
    if (this.published) writeShared(this.published, name, this.get(name));
  }

  /** A socket was made in this context (WasmSocket). */
  socketOpened(): void {
    this.#open++;
  }

  /** A socket of this context was closed. */
  socketClosed(): void {
    this.#open--;
    if (this.#released && this.#open === 0) this.#terminate();
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    if (this.#open === 0) this.#terminate();
  }

  /** zmq_ctx_term, without blocking: libzmq's reaper finishes the closed
   * sockets (per their linger) while this thread goes on; each attempt
   * looks whether it is done, and the first starts it. */
  #terminate(attempt = 0): void {
    this.#terminating = true;
    const { native } = this.runtime;
    if (native.guard.aborted || !this.#handle) return;
    if (native.wasm._zws_ctx_term_nowait(this.#handle) === 0) {
      this.#handle = 0;
      return;
    }
    const errno = native.lastError();
    // Anything but "not yet" (EAGAIN, or EINTR) would be a bug of ours: the
    // context is then left as it is rather than touched again.
    if (errno !== native.errno("EAGAIN") && errno !== native.errno("EINTR")) return;
    const retry = () => this.#terminate(attempt + 1);
    // The reaper's next run (without threads the scheduler gives it one
    // soon after the call above signalled it); then, while sockets still
    // deliver per their linger, less and less often. The timer does not
    // keep Node running: at exit, exit-wait.ts waits for queued messages.
    if (attempt === 0) afterEventLoop(retry);
    else (setTimeout(retry, Math.min(2 ** attempt, RETRY_MAX_MS)) as { unref?: () => void }).unref?.();
  }
}
