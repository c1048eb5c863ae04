/**
 * zeromq.js compatibility, tested as its users write programs: each body
 * is a zeromq.js v6 program, typed against zeromq.js, and runs unchanged
 * against both the native `zeromq` addon and `zeromq-wasm` (imported by
 * package name, as a user's program would, so the package's `exports`
 * decide what loads). The addon run proves the expected behaviour is
 * zeromq.js's own; the wasm run proves ours matches it.
 *
 *   for (const lib of libraries()) lib.it("rejects ...", async (zmq) => {...})
 */
import { it } from "node:test";

export type Zmq = typeof import("zeromq");
export type LibraryName = "zeromq" | "zeromq-wasm";

export interface Library {
  readonly name: LibraryName;
  load(): Promise<Zmq>;
  /** A test of this program against this library, titled with its name. */
  it(title: string, body: (zmq: Zmq, lib: LibraryName) => void | Promise<void>): void;
}

const loaders: Record<LibraryName, () => Promise<Zmq>> = {
  zeromq: () => import("zeromq"),
  // Typed as zeromq.js: the program is the same; test/types checks that
  // the declarations match.
  "zeromq-wasm": async () => (await import("zeromq-wasm")) as unknown as Zmq,
};

export function libraries(...names: LibraryName[]): Library[] {
  return (names.length ? names : (Object.keys(loaders) as LibraryName[])).map((name) => ({
    name,
    load: loaders[name],
    it(title, body) {
      it(`${title} [${name}]`, async () => body(await loaders[name](), name));
    },
  }));
}
