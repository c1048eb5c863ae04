/**
 * The in-process host: contexts, sockets and proxies on libzmq in this
 * thread's wasm. Node, Deno, Bun and an app's own worker install it
 * (index.ts); the page's Worker host uses it to serve the page
 * (browser/worker.ts).
 */
import { zmqError } from "../errors.js";
import { PAIR, type ContextOptionName, type OptionSpec } from "../options.js";
import type { Runtime } from "../runtime/load.js";
import { CALL_PROXY, callOnThread } from "../runtime/thread-call.js";
import { WasmContext } from "./wasm-context.js";
import type { ContextBackend, Host, HostConfiguration, ProxyBackend, ProxyCommand, SocketBackend } from "./types.js";
import { WasmSocket, type WasmSocketHost } from "./wasm-socket.js";

export class WasmHost implements Host, WasmSocketHost {
  #sharedValues: Int32Array | undefined;

  constructor(readonly runtime: Runtime) {}

  /** Publishes the default context's options there for worker threads
   * (node-threads.ts); before the default context is made. */
  shareDefaultContext(values: Int32Array): void {
    this.#sharedValues = values;
  }

  createContext(options: Array<[ContextOptionName, number]>, shared = false): WasmContext {
    return new WasmContext(this.runtime, options, shared ? this.#sharedValues : undefined);
  }

  createSocket(type: number, context: ContextBackend, options: Array<[string, OptionSpec, unknown]>): WasmSocket {
    return new WasmSocket(this, type, wasmContext(context), options);
  }

  createProxy(frontEnd: SocketBackend, backEnd: SocketBackend, control: ContextBackend): ProxyBackend {
    return new WasmProxy(this, wasmSocket(frontEnd), wasmSocket(backEnd), wasmContext(control));
  }

  configure(config: HostConfiguration): void {
    this.runtime.shim.configure(config);
    if (config.inbound) {
      const { budget = -1, stallTimeout = -1 } = config.inbound;
      this.runtime.native.wasm._zws_inbound_configure(budget, stallTimeout);
    }
  }
}

function wasmContext(context: ContextBackend): WasmContext {
  if (context instanceof WasmContext) return context;
  throw zmqError("EINVAL", { hint: "this context belongs to another zeromq-wasm host" });
}

function wasmSocket(socket: SocketBackend): WasmSocket {
  if (socket instanceof WasmSocket) return socket;
  throw zmqError("EINVAL", { hint: "this socket belongs to another zeromq-wasm host" });
}

let proxies = 0;
const textEncoder = new TextEncoder();

/** zmq_proxy_steerable on a helper thread, steered through an inproc Pair. */
class WasmProxy implements ProxyBackend {
  #steer: WasmSocket | undefined;
  /** Commands given before the control pair was up. */
  #early: ProxyCommand[] = [];

  constructor(
    private readonly host: WasmHost,
    private readonly frontEnd: WasmSocket,
    private readonly backEnd: WasmSocket,
    private readonly context: WasmContext,
  ) {}

  async run(): Promise<void> {
    const { native } = this.host.runtime;
    const address = `inproc://zeromq-wasm-proxy-${++proxies}`;
    const control = this.host.createSocket(PAIR, this.context, []);
    const steer = this.host.createSocket(PAIR, this.context, []);
    const args = native.wasm._malloc(8);
    let done!: () => void;
    control.lend(new Promise<void>((resolve) => (done = resolve)));
    try {
      await control.bind(address);
      steer.connect(address, {});
      this.#steer = steer;
      for (const command of this.#early.splice(0)) this.command(command);
      native.i32[args >> 2] = this.backEnd.handle;
      native.i32[(args >> 2) + 1] = control.handle;
      await callOnThread(this.host.runtime, CALL_PROXY, this.frontEnd.handle, args, { operation: "proxy" });
    } finally {
      done();
      native.wasm._free(args);
      this.#steer = undefined;
      steer.close();
      control.close();
    }
  }

  command(command: ProxyCommand): void {
    if (!this.#steer) return void this.#early.push(command);
    // A Pair whose peer is connected in-process takes it at once; it fails
    // only once the proxy has ended, when the command no longer matters.
    try {
      void Promise.resolve(this.#steer.send([textEncoder.encode(command)])).catch(() => {});
    } catch {
      // (see above)
    }
  }
}
