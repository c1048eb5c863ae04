/**
 * emscripten's `instantiateWasm` hook for a module compiled already: the
 * instance is made synchronously, so the glue's factory finishes within its
 * own call. workerd needs it (no compiling from bytes there); Node's entry
 * uses it so that require() and import need no await.
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
