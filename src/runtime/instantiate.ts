/**
 * emscripten's `instantiateWasm` hooks for a module compiled already.
 * instantiateSync: the instance is made synchronously, so the glue's factory
 * finishes within its own call (workerd needs it: no compiling from bytes
 * there; Node's entry uses it so that require() and import need no await).
 * instantiateAsync: for browsers, whose main thread may not instantiate a
 * large module synchronously.
 */
export type InstantiateWasm = (
  imports: WebAssembly.Imports,
  done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
) => WebAssembly.Exports;

export function instantiateSync(module: WebAssembly.Module): InstantiateWasm {
  return (imports, done) => {
    const instance = new WebAssembly.Instance(module, imports);
    done(instance, module);
    return instance.exports;
  };
}

/** failed: told if instantiating fails (the glue's factory would wait forever). */
export function instantiateAsync(module: WebAssembly.Module, failed: (error: unknown) => void): InstantiateWasm {
  return (imports, done) => {
    WebAssembly.instantiate(module, imports).then((instance) => done(instance, module), failed);
    // emscripten takes an empty object as "exports arrive through done()".
    return {};
  };
}

/** emscripten's `instantiateWasm` hook, handing the instance over on a
 * later microtask as its own asynchronous path does: the glue then loads it
 * into its pthread workers after post.js has wrapped that step to unref
 * them (handed over at once, the workers kept the process alive). */
export function instantiateLater(module: WebAssembly.Module): InstantiateWasm {
  return (imports, done) => {
    const instance = new WebAssembly.Instance(module, imports);
    queueMicrotask(() => done(instance, module));
    return {};
  };
}
