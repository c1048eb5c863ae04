/** Message counts, per-second rates and end-to-end latency (sender's
 * timestamp to arrival; both ends read the same clock in this demo). */
export class Meter {
  total = 0;
  #windowCount = 0;
  #latencies: number[] = [];
  /** Last completed second. */
  rate = 0;
  latencyP50 = NaN;
  latencyMax = NaN;

  record(sentAt: number): void {
    this.total++;
    this.#windowCount++;
    if (this.#latencies.length < 20_000) this.#latencies.push(Date.now() - sentAt);
  }

  /** Closes the current one-second window. */
  roll(): void {
    this.rate = this.#windowCount;
    this.#windowCount = 0;
    const sorted = this.#latencies.sort((a, b) => a - b);
    this.latencyP50 = sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
    this.latencyMax = sorted.length ? sorted[sorted.length - 1] : NaN;
    this.#latencies = [];
  }
}
