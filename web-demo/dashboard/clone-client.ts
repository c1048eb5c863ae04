/**
 * The Clone pattern's client (ZeroMQ Guide, "Reliable Pub-Sub"): subscribe
 * to updates first, then ask the ROUTER for a snapshot of the whole state,
 * then apply only updates newer than the snapshot's sequence number. A late
 * joiner sees the current state at once; a server restart (new epoch)
 * triggers a fresh snapshot.
 */
import { Dealer, Subscriber } from "zeromq-wasm/browser";

export interface Entry {
  price: number;
  ts: number;
  seq: number;
}

export interface CloneEvents {
  /** A key changed (from the snapshot or an update). */
  change(key: string, entry: Entry, fromSnapshot: boolean): void;
  /** A snapshot replaced the whole state. */
  snapshot(state: ReadonlyMap<string, Entry>, sequence: number): void;
  /** Waiting for a snapshot (first time, or after a server restart). */
  syncing(): void;
}

const SNAPSHOT_TIMEOUT_MS = 2000;

export class CloneClient {
  readonly state = new Map<string, Entry>();
  #sequence = 0;
  #epoch = "";
  #closed = false;
  readonly #updates: Subscriber;

  constructor(
    private readonly snapshotEndpoint: string,
    updatesEndpoint: string,
    private readonly events: CloneEvents,
  ) {
    // Subscribe before asking for the snapshot, so no update falls between.
    this.#updates = new Subscriber({ receiveHighWaterMark: 100_000 });
    this.#updates.connect(updatesEndpoint);
    this.#updates.subscribe();
    void this.#run();
  }

  /** The updates' SUB socket (the dashboard watches its events). */
  get updates(): Subscriber {
    return this.#updates;
  }

  close(): void {
    this.#closed = true;
    this.#updates.close();
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      if (!(await this.#snapshot())) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      try {
        await this.#follow();
      } catch (error) {
        if (this.#closed) return;
        console.warn("clone: updates failed, resyncing", error);
      }
    }
  }

  /** Applies updates until the server's epoch changes (it restarted). */
  async #follow(): Promise<void> {
    for (;;) {
      const [keyFrame, seqFrame, body] = await this.#updates.receive();
      const update = JSON.parse(body.toString()) as { price: number; ts: number; epoch: string };
      if (update.epoch !== this.#epoch) return; // restarted: take a new snapshot
      const seq = Number(seqFrame.toString());
      if (seq <= this.#sequence) continue; // already in the snapshot
      this.#sequence = seq;
      // Decoded once: a frame's toString() is a TextDecoder call, the
      // costliest step of an update on the page's main thread.
      const key = keyFrame.toString();
      const entry = { price: update.price, ts: update.ts, seq };
      this.state.set(key, entry);
      this.events.change(key, entry, false);
    }
  }

  /** One snapshot request; false if it timed out (the server is away). */
  async #snapshot(): Promise<boolean> {
    this.events.syncing();
    const dealer = new Dealer({ receiveTimeout: SNAPSHOT_TIMEOUT_MS, linger: 0 });
    dealer.connect(this.snapshotEndpoint);
    try {
      await dealer.send(["ICANHAZ?", ""]);
      const fresh = new Map<string, Entry>();
      for (;;) {
        const [key, seqFrame, body] = await dealer.receive();
        const seq = Number(seqFrame.toString());
        if (key.toString() === "KTHXBAI") {
          this.#epoch = (JSON.parse(body.toString()) as { epoch: string }).epoch;
          this.#sequence = seq;
          break;
        }
        const { price, ts } = JSON.parse(body.toString()) as { price: number; ts: number };
        fresh.set(key.toString(), { price, ts, seq });
      }
      this.state.clear();
      for (const [key, entry] of fresh) this.state.set(key, entry);
      this.events.snapshot(this.state, this.#sequence);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== "EAGAIN" && !this.#closed) console.warn("clone: snapshot failed", error);
      return false;
    } finally {
      dealer.close();
    }
  }
}
