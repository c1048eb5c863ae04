/**
 * Sharing where a browser has no SharedWorker: one tab of the origin, the
 * leader (elected with a Web Lock), runs the host script
 * (browser/shared-worker.ts) in a dedicated Worker, and relays the other
 * tabs to it over a BroadcastChannel. When the leader goes, its Worker goes
 * with it: the tabs learn of it as of a lost SharedWorker (the host's lock,
 * browser/shared-host.ts), the next tab in the lock's queue leads, and the
 * others reach it through the same channel.
 *
 * The election's channel carries { zwsWho } (a tab asks who leads) and
 * { zwsLeads } (a leader says it leads: to all, or to the tab that asked).
 * Each follower then has a channel of its own with the leader, its line,
 * which carries that tab's messages both ways: a message is cloned into
 * the one tab it is for, not into every tab of the origin.
 */
import type { HostPort, TabLockHeld } from "./shared-host.js";

const CHANNEL = "zeromq-wasm/relay";
const LEADER_LOCK = "zeromq-wasm/leader";
/** A follower's line to the leader. */
const lineName = (follower: string) => `${CHANNEL}/${follower}`;

interface Election {
  zwsWho?: true;
  zwsLeads?: string;
  /** The tab an answer is for. */
  zwsTo?: string;
  /** The tab that asks. */
  from?: string;
}

type Listener = (event: MessageEvent) => void;

/** This tab's part in the election: it leads at once if no tab does, else
 * queues for the leader's lock, and leads when granted. */
export class LeaderElection {
  readonly #id = crypto.randomUUID();
  #worker: Worker | undefined;
  /** Settled once this tab knows whether it leads now. */
  readonly #decided: Promise<void>;

  constructor(private readonly startHost: () => Worker) {
    const leadForLife = () => {
      this.#lead();
      return new Promise<never>(() => {});
    };
    this.#decided = new Promise((decided) => {
      void navigator.locks.request(LEADER_LOCK, { ifAvailable: true }, (lock) => {
        decided();
        if (lock) return leadForLife();
        void navigator.locks.request(LEADER_LOCK, leadForLife);
        return undefined;
      });
    });
  }

  /** A port to the host: this tab's Worker if it leads, else the leader's
   * through a line. */
  async open(): Promise<HostPort> {
    await this.#decided;
    return this.#worker ? this.#connect() : new RelayPort(crypto.randomUUID());
  }

  /** A new port into the leader's Worker (the host serves each alone). */
  #connect(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    this.#worker!.postMessage({ zwsConnect: true }, [port2]);
    return port1;
  }

  #lead(): void {
    this.#worker = this.startHost();
    const election = new BroadcastChannel(CHANNEL);
    const lines = new Set<string>();
    election.onmessage = ({ data }: MessageEvent<Election>) => {
      if (!data.zwsWho || !data.from) return;
      if (!lines.has(data.from)) this.#relay(data.from, () => lines.delete(data.from!));
      lines.add(data.from);
      // The line is open: what the follower posts on it after this reaches the host.
      election.postMessage({ zwsLeads: this.#id, zwsTo: data.from } satisfies Election);
    };
    election.postMessage({ zwsLeads: this.#id } satisfies Election);
  }

  /** Relays a follower's line to a port of its own into the host, until
   * the follower's tab goes (the lock it names in its TabLockHeld, which
   * the host watches too). */
  #relay(follower: string, ended: () => void): void {
    const line = new BroadcastChannel(lineName(follower));
    const port = this.#connect();
    port.onmessage = (event) => line.postMessage(event.data);
    line.onmessage = (event: MessageEvent) => {
      const tabLock = (event.data as Partial<TabLockHeld> | undefined)?.zwsTabHeld;
      if (tabLock) {
        void navigator.locks.request(tabLock, () => {
          line.close();
          port.close();
          ended();
        });
      }
      port.postMessage(event.data);
    };
  }
}

/** A follower's port: its line to the leader, posted on once a leader has
 * said it leads (held until then). */
class RelayPort implements HostPort {
  readonly #election = new BroadcastChannel(CHANNEL);
  readonly #line: BroadcastChannel;
  #led = false;
  #held: unknown[] = [];
  readonly #listeners = new Set<Listener>();

  constructor(id: string) {
    this.#line = new BroadcastChannel(lineName(id));
    this.#line.onmessage = (event: MessageEvent) => {
      for (const listener of this.#listeners) listener(event);
    };
    const ask = () => this.#election.postMessage({ zwsWho: true, from: id } satisfies Election);
    this.#election.onmessage = ({ data }: MessageEvent<Election>) => {
      if (this.#led || !data.zwsLeads) return;
      // A new leader said so to all: ask it, so it opens this tab's line.
      if (data.zwsTo === undefined) return ask();
      if (data.zwsTo !== id) return;
      this.#led = true;
      for (const message of this.#held.splice(0)) this.#line.postMessage(message);
    };
    ask();
  }

  postMessage(message: unknown): void {
    if (this.#led) this.#line.postMessage(message);
    else this.#held.push(message);
  }

  addEventListener(_type: "message", listener: Listener): void {
    this.#listeners.add(listener);
  }

  removeEventListener(_type: "message", listener: Listener): void {
    this.#listeners.delete(listener);
  }

  start(): void {}

  close(): void {
    this.#election.close();
    this.#line.close();
    this.#listeners.clear();
  }
}
