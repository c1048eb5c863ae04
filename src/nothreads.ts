/**
 * zeromq-wasm/nothreads: the main entry by its explicit name (libzmq built
 * without threads is the default everywhere). In a page, importing it
 * runs libzmq on the page's main thread instead of in a Worker.
 */
export * from "./index.js";
