/**
 * V8 compiles each wasm function on its first call (lazy compilation): the
 * first tcp connection of a process then compiles libzmq's connect,
 * handshake, encoder and decoder paths on the event loop's thread, between
 * connect() and its first message (README, "Differences"). Compiling the
 * module eagerly costs a few ms more at import instead (V8's background
 * threads compile too) and takes ~2.5 ms or more off that first delivery.
 *
 * V8 also starts every function in its baseline compiler (Liftoff) and
 * recompiles one with TurboFan once it has run enough (dynamic tiering):
 * those recompilations then land among an application's first few thousand
 * messages, each one a latency spike, at the same message counts run after
 * run (46 during the bench's 5,000 round trips). Without dynamic tiering
 * for this module, V8 recompiles all of it with TurboFan on its background
 * threads right after the load, before traffic, and none later.
 *
 * Only in Node itself (V8's flags are Node's; Bun and Deno differ), and
 * each flag only when the process did not choose it on its command line.
 * The price: V8's background threads spend a few hundred ms of CPU after
 * the load (~0.4 s on this 2-core VM, busy) compiling all of it.
 */
import { setFlagsFromString } from "node:v8";
import { nodeItself } from "./platform.js";

const LAZY = "wasm-lazy-compilation";
const TIERING = "wasm-dynamic-tiering";
/** Flags that change what tiering does: the process chose its own tiers. */
const TIER_CHOICES = [TIERING, "liftoff", "wasm-tier-up", "wasm-tiering-budget"];

function chosenByProcess(flags: string[]): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((arg) => flags.some((flag) => arg.includes(flag)));
}

/** Runs `compile` with each of flags off unless the process chose it
 * (V8 reads them when it compiles a module), then turns them back on for
 * any other module. */
function compilingWithout<T>(flags: string[], compile: () => T): T {
  if (!nodeItself) return compile();
  const mine = flags.filter((flag) => !chosenByProcess(flag === TIERING ? TIER_CHOICES : [flag]));
  for (const flag of mine) setFlagsFromString(`--no-${flag}`);
  try {
    return compile();
  } finally {
    for (const flag of mine) setFlagsFromString(`--${flag}`);
  }
}

/** Runs `compile` (compiling and instantiating the module) with V8's lazy
 * wasm compilation and dynamic tiering off. The instantiation must be
 * inside too: with the flag back on before it, the first connection
 * measured only a third of the gain. Only around a synchronous load:
 * across an await, other code would compile eagerly too, and
 * zeromq-wasm/threads' first connection (its async load) measured worse
 * that way, not better. */
export function compilingEagerly<T>(compile: () => T): T {
  return compilingWithout([LAZY, TIERING], compile);
}

/** Runs `compile` with dynamic tiering off only: each function is still
 * compiled on its first call (zeromq-wasm/threads, whose load is
 * asynchronous), and then at once with TurboFan in the background. */
export function compilingForTopTier<T>(compile: () => T): T {
  return compilingWithout([TIERING], compile);
}
