/**
 * Made-up but plausible numbers for the demo feeds: a value that wanders
 * at random but is pulled back towards its mean at every step (a discrete
 * Ornstein-Uhlenbeck walk). A plain random walk drifts without bound (a
 * city at -9 °C in Austin after a few minutes); this one cannot leave
 * mean ± step / pull, however long it runs.
 */
export class MeanReverting {
  #value: number;

  /**
   * @param mean   where the value settles
   * @param step   the largest random move per step
   * @param pull   the share of the distance to the mean taken back per step (0..1)
   */
  constructor(
    readonly mean: number,
    readonly step: number,
    readonly pull: number,
    private readonly random: () => number = Math.random,
  ) {
    this.#value = mean;
  }

  /** The furthest the value can get from its mean. */
  get bound(): number {
    return this.step / this.pull;
  }

  next(): number {
    this.#value += this.pull * (this.mean - this.#value) + (this.random() * 2 - 1) * this.step;
    return this.#value;
  }
}

/** A city's temperature in °C around a typical December day's mean: moves
 * by up to 0.3 °C per reading and stays within 15 °C of the mean. */
export function temperatureWalk(mean: number, random?: () => number): MeanReverting {
  return new MeanReverting(mean, 0.3, 0.02, random);
}

/** A share price around `base`: moves by up to 0.05% per update and stays
 * within half of `base` either way (never at or below zero). */
export function priceWalk(base: number, random?: () => number): MeanReverting {
  return new MeanReverting(base, base * 0.0005, 0.001, random);
}
