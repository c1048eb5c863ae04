/**
 * V8 compiles each wasm function on its first call (lazy compilation): the
 * first tcp connection of a process then compiles libzmq's connect,
 * handshake, encoder and decoder paths on the event loop's thread, between
 * connect() and its first message (README, "Differences"). Compiling the
 * module eagerly costs a few ms more at import instead (V8's background
 * threads compile too) and takes ~2.5 ms or more off that first delivery.
 *
 * Only in Node itself (V8's flags are Node's; Bun and Deno differ), and not
 * when the process chose a compilation mode on its command line.
 */
import { setFlagsFromString } from "node:v8";
import { nodeItself } from "./platform.js";

const LAZY = "wasm-lazy-compilation";

function chosenByProcess(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((arg) => arg.includes(LAZY));
}

/** Runs `compile` (compiling and instantiating the module) with V8's lazy
 * wasm compilation off, then turns it back on for any other module. The
 * instantiation must be inside too: with the flag back on before it, the
 * first connection measured only a third of the gain. Only
 * around a synchronous load: across an await, other code would compile
 * eagerly too, and zeromq-wasm/threads' first connection (its async
 * load) measured worse that way, not better. */
export function compilingEagerly<T>(compile: () => T): T {
  if (!nodeItself || chosenByProcess()) return compile();
  setFlagsFromString(`--no-${LAZY}`);
  try {
    return compile();
  } finally {
    setFlagsFromString(`--${LAZY}`);
  }
}
