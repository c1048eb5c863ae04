/**
 * The zeromq-wasm module as one program sees it: the same classes, but
 * every socket a program makes is remembered, so stopping the program
 * (Stop, or "kill" on a server) closes them, as ending a process would.
 */
export interface SocketLike {
  close(): void;
  linger?: number;
}

type Constructor = new (...args: any[]) => SocketLike;

export function trackedModule(module: Record<string, unknown>, made: (socket: SocketLike) => void): Record<string, unknown> {
  const base = module.Socket as Constructor | undefined;
  const tracked: Record<string, unknown> = { ...module };
  for (const [name, value] of Object.entries(module)) {
    if (typeof value !== "function" || !base || !(value === base || value.prototype instanceof base)) continue;
    const Class = value as Constructor;
    // A subclass keeps instanceof, static members and the class's name.
    const Tracked = class extends Class {
      constructor(...args: any[]) {
        super(...args);
        made(this);
      }
    };
    Object.defineProperty(Tracked, "name", { value: Class.name });
    tracked[name] = Tracked;
  }
  return tracked;
}
