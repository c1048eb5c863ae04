/**
 * What every scripted peer shares: a socket of the package's Node API bound
 * to a tcp:// port on the test machine, its connections counted
 * (connections.ts), a script run on it (the subclass's), and a crash on
 * cue: the socket closed at once (linger 0, nothing flushed, every
 * connection dropped as a killed process's would be), then optionally a new
 * socket bound to the same port, which resumes the script.
 */
import { Connections, type ConnectionCounts } from "./connections.js";
import type { Zmq } from "./native.js";
import type { WaitOptions } from "./wait.js";

/** In a script (a reply's answer, a publisher's message list): crash here. */
export const CRASH: unique symbol = Symbol("zeromq-wasm/testing crash");

export interface PeerOptions {
  /** Where to bind (default 127.0.0.1, a free port). */
  host?: string;
  port?: number;
  /** After a crash the script cues (CRASH), bind again after this long
   * (ms); unset: stay down until restart(). */
  restartAfterMs?: number;
}

export interface CrashOptions {
  /** Bind again after this long (ms); unset: stay down until restart(). */
  restartAfterMs?: number;
}

export abstract class ScriptedPeer<S extends Zmq.Socket = Zmq.Socket> {
  /** tcp://host:port, for the page's connect(). */
  readonly endpoint: string;
  /** host:port, for a gateway's allow-list. */
  readonly target: string;
  readonly connections = new Connections();
  protected socket: S;
  private running: Promise<void>;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private failure: unknown;
  private closed = false;
  /** Where a restart binds: the same port as the first socket. */
  private readonly bindAt: PeerOptions;

  protected constructor(
    private readonly make: () => S,
    socket: S,
    private readonly options: PeerOptions,
  ) {
    this.socket = socket;
    const port = Number(new URL(socket.lastEndpoint!.replace("tcp://", "http://")).port);
    this.target = `${options.host ?? "127.0.0.1"}:${port}`;
    this.endpoint = `tcp://${this.target}`;
    this.bindAt = { host: options.host, port };
    this.running = Promise.resolve();
  }

  /** Binds a socket made by make() (the first, or after a crash). */
  protected static async bound<T extends Zmq.Socket>(make: () => T, { host = "127.0.0.1", port = 0 }: PeerOptions): Promise<T> {
    const socket = make();
    socket.linger = 0;
    try {
      await socket.bind(`tcp://${host}:${port === 0 ? "*" : port}`);
    } catch (error) {
      socket.close();
      throw error;
    }
    return socket;
  }

  /** The subclass's script on this socket; returns when the socket closes. */
  protected abstract run(socket: S): Promise<void>;

  /** Starts the script on the current socket (the subclass's factory calls
   * it once constructed, and restart() again). */
  protected start(): this {
    this.connections.watch(this.socket);
    const socket = this.socket;
    this.running = this.run(socket).catch((error: unknown) => {
      // A closed socket ends its pending calls with EAGAIN: the script's end.
      if (!socket.closed) this.failure ??= error;
    });
    return this;
  }

  /** Whether the peer's socket is bound now (false after a crash). */
  get up(): boolean {
    return !this.socket.closed;
  }

  get counts(): ConnectionCounts {
    return this.connections.counts;
  }

  /** Closes the socket abruptly: every connection dropped, nothing flushed. */
  async crash(options: CrashOptions = {}): Promise<void> {
    if (!this.socket.closed) {
      this.connections.socketClosed();
      this.socket.close();
    }
    await this.running;
    if (options.restartAfterMs !== undefined && !this.closed) {
      clearTimeout(this.restartTimer);
      this.restartTimer = setTimeout(() => void this.restart().catch((error: unknown) => (this.failure ??= error)), options.restartAfterMs);
    }
  }

  /** The crash the script cued, restarting as the peer's options say. */
  protected crashOnCue(): void {
    void this.crash({ restartAfterMs: this.options.restartAfterMs });
  }

  /** Binds a new socket to the same port and resumes the script. */
  async restart(): Promise<void> {
    if (this.closed) throw new Error("zeromq-wasm/testing: restart() after close()");
    if (!this.socket.closed) return;
    this.socket = await ScriptedPeer.bound(this.make, this.bindAt);
    this.start();
  }

  /** Waits until `count` handshakes in all (default 1) have completed: a
   * page socket connected through the gateway and speaks ZMTP with this peer. */
  waitForHandshake(count = 1, options?: WaitOptions): Promise<void> {
    return this.connections.until((c) => c.handshakes >= count, `${count} handshake(s) with ${this.endpoint}`, options);
  }

  /** Waits until `count` disconnects in all (default 1) have been seen. */
  waitForDisconnect(count = 1, options?: WaitOptions): Promise<void> {
    return this.connections.until((c) => c.disconnects >= count, `${count} disconnect(s) from ${this.endpoint}`, options);
  }

  /** Stops the peer; rejects with the script's error if it failed (an
   * answer function that threw), so a test that used it fails. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restartTimer);
    if (!this.socket.closed) {
      this.connections.socketClosed();
      this.socket.close();
    }
    await this.running;
    if (this.failure !== undefined) throw this.failure;
  }
}
