/**
 * A tab's line to the libzmq host its origin's tabs share
 * (configure({ share: true }); the host is browser/shared-worker.ts): a
 * comlink Endpoint over the SharedWorker's port, which outlives the port.
 *
 * Web Locks stand in for the close events MessagePorts lack. The tab holds
 * a lock named for itself for its whole life: the host asks for the same
 * lock, and is granted it when the tab has closed, crashed or reloaded,
 * then closes what the tab left open. The host holds a lock for its own
 * life, which every tab queues for: a grant means the host is gone, and
 * the tab opens a new one (the lost() callback re-creates its sockets
 * there, backend/replay.ts).
 */
import type { Endpoint } from "comlink";

/** The tab's first message on the port: the lock it holds for its life. */
export interface TabHello {
  zwsTab: string;
}

/** Posted once the tab holds that lock: only then may the host ask for it
 * (asked earlier, the host could be granted it while the tab lives). */
export interface TabLockHeld {
  zwsTabHeld: string;
}

/** The host's answer: the lock it holds for its life. */
export interface HostHello {
  zwsHost: string;
}

type Listener = Parameters<Endpoint["addEventListener"]>[1];

/** A port to a host: a SharedWorker's, a MessageChannel's into the leader
 * tab's Worker, or the relay to that leader (browser/leader-host.ts). */
export interface HostPort {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  start(): void;
  close(): void;
}

export class SharedHostEndpoint implements Endpoint {
  readonly #tab = `zeromq-wasm/tab/${crypto.randomUUID()}`;
  /** Granted once, held until the document goes. */
  readonly #tabLock: Promise<void>;
  #port: HostPort | undefined;
  /** What is posted while no port is open (before the first opens, or
   * between a host's loss and the next). */
  #queue: Array<[unknown, Transferable[]]> = [];
  readonly #listeners = new Set<Listener>();

  constructor(
    private readonly open: () => HostPort | Promise<HostPort>,
    private readonly lost: () => void,
  ) {
    this.#tabLock = new Promise((granted) => {
      void navigator.locks.request(this.#tab, () => {
        granted();
        return new Promise(() => {});
      });
    });
    void this.#connect();
  }

  async #connect(): Promise<void> {
    // The port opens without waiting for the tab's lock (a page's first
    // lock takes 15-40 ms in Chromium): the host serves the tab at once and
    // watches the lock once the tab says it holds it.
    const port = await this.open();
    port.addEventListener("message", (event: MessageEvent<Partial<HostHello> | undefined>) => {
      const hostLock = event.data?.zwsHost;
      if (!hostLock) return;
      // Queued behind the host: granted when the host is gone.
      void navigator.locks.request(hostLock, () => {
        if (this.#port === port) this.#hostLost(port);
      });
    });
    for (const listener of this.#listeners) port.addEventListener("message", listener as EventListener);
    port.start();
    port.postMessage({ zwsTab: this.#tab } satisfies TabHello);
    this.#port = port;
    const queued = this.#queue;
    this.#queue = [];
    for (const [message, transfer] of queued) port.postMessage(message, transfer);
    await this.#tabLock;
    if (this.#port === port) port.postMessage({ zwsTabHeld: this.#tab } satisfies TabLockHeld);
  }

  #hostLost(port: HostPort): void {
    port.close();
    this.#port = undefined;
    // First: what the tab re-creates is queued before anything newer.
    this.lost();
    void this.#connect();
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (this.#port) this.#port.postMessage(message, transfer);
    else this.#queue.push([message, transfer]);
  }

  addEventListener(_type: string, listener: Listener): void {
    this.#listeners.add(listener);
    this.#port?.addEventListener("message", listener as EventListener);
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.#listeners.delete(listener);
    this.#port?.removeEventListener("message", listener as EventListener);
  }
}
