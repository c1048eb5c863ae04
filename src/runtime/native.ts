/**
 * The wasm module as the TypeScript layer sees it: libzmq's C API plus the
 * shim's exports (wasm/shim/*.c), and views on the shared memory that
 * follow memory growth.
 */
import { zmqError, type ErrorContext, type ZmqError } from "../errors.js";
import type { Ptr, WasmExports } from "./abi.js";
import { AbortGuard } from "./abort-guard.js";

/** A ZmqError (ENOMEM) for a failed allocation in wasm memory. */
function outOfMemory(size: number): ZmqError {
  return zmqError("ENOMEM", { hint: `out of wasm memory (${size} bytes requested; wasm memory is at most 2 GiB)` });
}

// The exports' types and the pointer type are generated from wasm/abi.json.
export type { Ptr, WasmExports } from "./abi.js";

/**
 * The loaded module with memory views that stay valid after the memory
 * grows (growth replaces the SharedArrayBuffer the views sit on).
 */
export class Native {
  /** The module's exports, which throw ENOMEM once it has aborted. */
  readonly wasm: WasmExports;
  /** The module itself, for properties its glue reads (zwsKick). */
  readonly module: WasmExports;
  /** Whether the module has aborted, and who must hear of it. */
  readonly guard = new AbortGuard();
  private buffer: ArrayBufferLike;
  private u8View: Uint8Array;
  private i32View: Int32Array;
  private u32View: Uint32Array;
  private readonly errnoByName = new Map<string, number>();
  /** Scratch C string space for endpoint and option strings. */
  private scratch: Ptr = 0;
  private scratchSize = 0;

  constructor(wasm: WasmExports) {
    this.module = wasm;
    this.wasm = this.guard.wrap(wasm);
    this.buffer = wasm.zwsMemory.buffer;
    this.u8View = new Uint8Array(this.buffer);
    this.i32View = new Int32Array(this.buffer);
    this.u32View = new Uint32Array(this.buffer);
  }

  private refresh(): void {
    const buffer = this.wasm.zwsMemory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.u8View = new Uint8Array(buffer);
      this.i32View = new Int32Array(buffer);
      this.u32View = new Uint32Array(buffer);
    }
  }

  /** Whether the memory is shared (the build with threads): views on it
   * stay valid when it grows. Unshared memory detaches them. */
  get sharedMemory(): boolean {
    return typeof SharedArrayBuffer !== "undefined" && this.wasm.zwsMemory.buffer instanceof SharedArrayBuffer;
  }

  get u8(): Uint8Array {
    this.refresh();
    return this.u8View;
  }

  get i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }

  get u32(): Uint32Array {
    this.refresh();
    return this.u32View;
  }

  /** errno value for a name ("ECONNREFUSED"), as this build numbers it. */
  errno(name: string): number {
    let value = this.errnoByName.get(name);
    if (value === undefined) {
      value = this.wasm._zws_errno_value(this.cString(name));
      this.errnoByName.set(name, value);
    }
    return value;
  }

  /** errno name ("EAGAIN") for a value, or "" if unknown. */
  errnoName(value: number): string {
    return this.wasm.UTF8ToString(this.wasm._zws_errno_name(value));
  }

  lastError(): number {
    return this.wasm._zmq_errno();
  }

  strerror(value: number): string {
    return this.wasm.UTF8ToString(this.wasm._zmq_strerror(value));
  }

  /** The ZmqError zeromq.js gives for this build's errno (numbered and
   * worded as on Linux: see errno.ts), with what was attempted. */
  error(errno: number, context: ErrorContext): ZmqError {
    return zmqError(this.errnoName(errno) || `E${errno}`, context, undefined, { errno, text: this.strerror(errno) });
  }

  /** A ZmqError for libzmq's last failure (zmq_errno) in this thread. */
  lastErrorFor(context: ErrorContext): ZmqError {
    return this.error(this.lastError(), context);
  }

  /** The libzmq version inside, e.g. "4.3.4". */
  version(): string {
    const ptr = this.ensureScratch(12);
    this.wasm._zmq_version(ptr, ptr + 4, ptr + 8);
    const [major, minor, patch] = this.i32.subarray(ptr >> 2, (ptr >> 2) + 3);
    return `${major}.${minor}.${patch}`;
  }

  /**
   * Writes text as a NUL-terminated string into reusable scratch memory;
   * valid until the next cString call.
   */
  cString(text: string): Ptr {
    const size = this.wasm.lengthBytesUTF8(text) + 1;
    this.ensureScratch(size);
    this.wasm.stringToUTF8(text, this.scratch, size);
    return this.scratch;
  }

  /** Reusable scratch memory of at least size bytes. */
  ensureScratch(size: number): Ptr {
    if (size > this.scratchSize) {
      if (this.scratch) this.wasm._free(this.scratch);
      let want = Math.max(size, 256, this.scratchSize * 2);
      this.scratch = this.wasm._malloc(want);
      // Doubling may ask too much where the exact size still fits.
      if (!this.scratch && want > size) this.scratch = this.wasm._malloc((want = size));
      if (!this.scratch) {
        // Forget the old size too: keeping it made every later call return
        // pointer 0, so the next option, endpoint or message was written
        // over address 0 (and a NULL endpoint aborted libzmq).
        this.scratchSize = 0;
        throw outOfMemory(size);
      }
      this.scratchSize = want;
    }
    return this.scratch;
  }

  /** A C string owned by the caller: free it with wasm._free. */
  ownedCString(text: string): Ptr {
    const size = this.wasm.lengthBytesUTF8(text) + 1;
    const ptr = this.wasm._malloc(size);
    if (!ptr) throw outOfMemory(size);
    this.wasm.stringToUTF8(text, ptr, size);
    return ptr;
  }
}
