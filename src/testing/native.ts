/**
 * The package's own Node API, the same module `import "zeromq-wasm"` gets
 * in Node (the one CommonJS bundle, dist/cjs/index.cjs): the kit's peers
 * share the test process's libzmq and classes instead of loading a second
 * copy. dist/testing/ is as deep as dist/cjs/, so the path holds once built.
 */
import { createRequire } from "node:module";
import type * as Zmq from "../node.js";

export type { Zmq };

export const zmq = createRequire(import.meta.url)("../cjs/index.cjs") as typeof Zmq;
