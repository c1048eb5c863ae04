/**
 * Messages and bytes per second in and out, from a socket's counters
 * (inspect/traffic.ts) sampled while the inspector is open: the change
 * over the last second or so of samples.
 */
import type { TrafficCounts } from "../inspect/traffic.js";

export interface Rates {
  messagesIn: number;
  bytesIn: number;
  messagesOut: number;
  bytesOut: number;
}

interface Sample extends Rates {
  at: number;
}

/** How far back a rate looks, in ms. */
const WINDOW_MS = 1000;

export class RateMeter {
  readonly #samples: Sample[] = [];

  /** Records the counters at `now` (ms) and gives the rates per second. */
  sample(traffic: Readonly<TrafficCounts>, now: number): Rates {
    const { messagesIn, bytesIn, messagesOut, bytesOut } = traffic;
    const samples = this.#samples;
    samples.push({ at: now, messagesIn, bytesIn, messagesOut, bytesOut });
    // Keep the newest sample at least WINDOW_MS old as the base.
    while (samples.length > 2 && now - samples[1].at >= WINDOW_MS) samples.shift();
    const base = samples[0];
    const seconds = (now - base.at) / 1000;
    if (seconds <= 0) return { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };
    return {
      messagesIn: (messagesIn - base.messagesIn) / seconds,
      bytesIn: (bytesIn - base.bytesIn) / seconds,
      messagesOut: (messagesOut - base.messagesOut) / seconds,
      bytesOut: (bytesOut - base.bytesOut) / seconds,
    };
  }
}
