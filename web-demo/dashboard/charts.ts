/** Small uPlot wrappers: time series that keep the last N points. A null
 * value is a gap in its line (nothing arrived), not a line drawn through. */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { seriesStyle } from "./palette.ts";

const HEIGHT = 220;

export class RollingChart {
  readonly #plot: uPlot;
  readonly #data: (number | null)[][];
  readonly #keep: number;
  readonly #root: HTMLElement;
  readonly #resize: ResizeObserver;

  constructor(root: HTMLElement, title: string, names: readonly string[], unit: string, keep = 120) {
    this.#keep = keep;
    this.#root = root;
    this.#data = [[], ...names.map(() => [])];
    this.#plot = new uPlot(
      {
        title,
        width: root.clientWidth || 320,
        height: HEIGHT,
        scales: { x: { time: true } },
        axes: [{}, { label: unit, size: 60 }],
        series: [{}, ...names.map((name, i) => ({ label: name, width: 1.5, spanGaps: false, ...seriesStyle(i) }))],
      },
      this.#data as uPlot.AlignedData,
      root,
    );
    // As wide as its card, also on a phone and when the window is resized.
    this.#resize = new ResizeObserver(() => {
      const width = root.clientWidth;
      if (width > 0 && width !== this.#plot.width) this.#plot.setSize({ width, height: HEIGHT });
    });
    this.#resize.observe(root);
  }

  /** One point per series at time now (null: no value, a gap). */
  push(values: (number | null)[]): void {
    this.#data[0].push(Date.now() / 1000);
    values.forEach((value, i) => this.#data[i + 1].push(value));
    if (this.#data[0].length > this.#keep) for (const series of this.#data) series.shift();
    this.#plot.setData(this.#data as uPlot.AlignedData);
    // The latest point, readable without the canvas (tests, devtools).
    this.#root.dataset.latest = JSON.stringify(values);
  }

  destroy(): void {
    this.#resize.disconnect();
    this.#plot.destroy();
  }
}
