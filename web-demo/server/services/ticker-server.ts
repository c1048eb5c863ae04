/**
 * Market ticker server (the Guide's Clone pattern, clonesrv): a key-value
 * state (symbol -> price) where every change gets a sequence number.
 * Changes go out on a PUB socket; a ROUTER answers "ICANHAZ?" with a
 * snapshot of the whole state and "KTHXBAI" with the sequence it is at, so
 * a client that joins late sees the current state at once and then applies
 * only newer updates. The epoch tells clients the server restarted (its
 * sequence numbers start over).
 */
import { Publisher, Router } from "zeromq-wasm";
import { symbols } from "../../demo-config.ts";
import { priceWalk, type MeanReverting } from "./fake-data.ts";
import { pace } from "./pace.ts";

/**
 * @param snapshotEndpoint the ROUTER clients ask for snapshots
 * @param updatesEndpoint  the PUB clients subscribe to: [symbol, sequence, JSON body]
 * @param perSecond        updates per second, over all symbols
 */
export async function startTickerServer(snapshotEndpoint: string, updatesEndpoint: string, perSecond: number): Promise<{ close(): Promise<void> }> {
  const epoch = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const publisher = new Publisher({ sendHighWaterMark: 100_000 });
  const snapshots = new Router();
  await publisher.bind(updatesEndpoint);
  await snapshots.bind(snapshotEndpoint);

  let sequence = 0;
  const state = new Map<string, { seq: number; body: string }>();
  const prices = new Map<string, MeanReverting>(symbols.map((symbol, i) => [symbol, priceWalk(50 + i * 25)]));
  const change = (symbol: string) => {
    const seq = ++sequence;
    const body = JSON.stringify({ price: Number(prices.get(symbol)!.next().toFixed(2)), ts: Date.now(), epoch });
    state.set(symbol, { seq, body });
    return [symbol, String(seq), body];
  };
  for (const symbol of symbols) change(symbol);

  // Updates: a random symbol's price moves.
  const stop = pace(perSecond, async (count) => {
    for (let i = 0; i < count; i++) await publisher.send(change(symbols[Math.floor(Math.random() * symbols.length)]));
  });

  // Snapshots: every key under the asked-for prefix, then KTHXBAI.
  void (async () => {
    try {
      for await (const [identity, command, subtree = Buffer.alloc(0)] of snapshots) {
        if (command.toString() !== "ICANHAZ?") continue;
        const prefix = subtree.toString();
        for (const [key, { seq, body }] of state) {
          if (key.startsWith(prefix)) await snapshots.send([identity, key, String(seq), body]);
        }
        await snapshots.send([identity, "KTHXBAI", String(sequence), JSON.stringify({ epoch, subtree: prefix })]);
      }
    } catch {
      // closed
    }
  })();

  return {
    close: async () => {
      await stop();
      publisher.close();
      snapshots.close();
    },
  };
}
