/**
 * Sharing where a browser has no SharedWorker: one tab of the origin, the
 * leader (elected with a Web Lock), runs the host script
 * (browser/shared-worker.ts) in a dedicated Worker, and relays the other
 * tabs to it over a BroadcastChannel. When the leader goes, its Worker goes
 * with it: the tabs learn of it as of a lost SharedWorker (the host's lock,
 * browser/shared-host.ts), the next tab in the lock's queue leads, and the
 * others reach it through the same channel.
 *
 * Messages on the channel: { zwsWho } a tab asks who leads; { zwsLeads } a
 * leader says it leads (to all, or to the tab that asked); { zwsTo, data }
 * a message for a leader's or a tab's port; { from } who sent it.
 */
import type { HostPort } from "./shared-host.js";

const CHANNEL = "zeromq-wasm/relay";
const LEADER_LOCK = "zeromq-wasm/leader";

interface Relayed {
  zwsWho?: true;
  zwsLeads?: string;
  zwsTo?: string;
  from?: string;
  data?: unknown;
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
   * through the channel. */
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
    const channel = new BroadcastChannel(CHANNEL);
    const relays = new Map<string, MessagePort>();
    channel.onmessage = ({ data }: MessageEvent<Relayed>) => {
      if (data.zwsWho && data.from) return channel.postMessage({ zwsLeads: this.#id, zwsTo: data.from } satisfies Relayed);
      if (data.zwsTo !== this.#id || !data.from) return;
      let port = relays.get(data.from);
      if (!port) {
        const tab = data.from;
        port = this.#connect();
        relays.set(tab, port);
        port.onmessage = (event) => channel.postMessage({ zwsTo: tab, data: event.data } satisfies Relayed);
      }
      port.postMessage(data.data);
    };
    channel.postMessage({ zwsLeads: this.#id } satisfies Relayed);
  }
}

/** A follower's port: to the leader through the channel, posted once a
 * leader has said it leads (held until then). */
class RelayPort implements HostPort {
  readonly #channel = new BroadcastChannel(CHANNEL);
  #leader: string | undefined;
  #held: unknown[] = [];
  readonly #listeners = new Set<Listener>();

  constructor(private readonly id: string) {
    this.#channel.onmessage = ({ data }: MessageEvent<Relayed>) => {
      if (data.zwsLeads && (data.zwsTo === undefined || data.zwsTo === id) && !this.#leader) {
        this.#leader = data.zwsLeads;
        for (const message of this.#held.splice(0)) this.#post(message);
      } else if (data.zwsTo === id && data.data !== undefined) {
        const event = new MessageEvent("message", { data: data.data });
        for (const listener of this.#listeners) listener(event);
      }
    };
    this.#channel.postMessage({ zwsWho: true, from: id } satisfies Relayed);
  }

  #post(message: unknown): void {
    this.#channel.postMessage({ zwsTo: this.#leader, from: this.id, data: message } satisfies Relayed);
  }

  postMessage(message: unknown): void {
    if (this.#leader) this.#post(message);
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
    this.#channel.close();
    this.#listeners.clear();
  }
}
