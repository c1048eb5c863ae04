// Result shapes the benchmarks write and report.ts reads: the browser benchmark's rows (bench-results/browser.json) and held.ts's readings.
import type { Kind } from "./page/measure.ts";

/** A figure beside its baseline from the same run. */
export type Row = { group: string; name: string; variant?: string; detail?: string; unit: string; value: number; baseline: string; baselineValue: number; better: "higher" | "lower" };
/** The "page vs the peers" table: one figure, a value per page kind. */
export type PeerFigure = { figure: string; unit: string; better: "higher" | "lower"; values: Partial<Record<Kind, number>> };

/** held.ts: one reading of a server's memory (bytes). */
export interface MemoryPoint {
  held: number;
  /** RSS from /proc as found (Node servers: before the probe's collection). */
  rssAsFound: number;
  /** RSS after a full collection (nginx: as found). */
  rss: number;
  /** Node servers, after a full collection: V8's heap in use, memory held
   * outside it (Buffers, ...), and the young generation's committed size. */
  heapUsed?: number;
  external?: number;
  newSpace?: number;
}

export interface HeldResult {
  mode: string;
  n: number;
  points: MemoryPoint[];
  /** Bytes per connection: the least-squares slope over the readings at
   * n, 2n and 3n held. rss: after a full collection; rssAsFound: as read. */
  perConnection: { rss: number; rssAsFound: number; heapUsed?: number; external?: number };
  /** RSS growth from 0 to 3n held over 3n, bytes per connection: the
   * total/N figure, which the first n held partly fill from memory the
   * warm-up's connections left free. */
  rssOverN: number;
  /** Milliseconds to open each n (100 at a time). */
  openMs: number[];
}
