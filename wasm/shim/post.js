// zeromq-wasm: appended to emscripten's module code (--post-js).
// Gives the TypeScript layer the memory object (its views must follow
// memory growth), and keeps pthread workers from holding Node open: the
// API keeps the process alive only while an operation is pending, as
// zeromq.js does. A worker is unref'd after emscripten attached its
// 'message' listener, since attaching one refs it again.
// A getter: without threads the memory only exists once the module is
// instantiated, after this runs.
Object.defineProperty(Module, 'zwsMemory', { get: function () { return wasmMemory; } });
// (The build without threads has no PThread.)
if (ENVIRONMENT_IS_NODE && typeof PThread !== 'undefined' && !ENVIRONMENT_IS_PTHREAD) {
  var zwsLoadWorker = PThread.loadWasmModuleToWorker;
  PThread.loadWasmModuleToWorker = function (worker) {
    var result = zwsLoadWorker.apply(PThread, arguments);
    if (worker && worker.unref) worker.unref();
    return result;
  };
}
