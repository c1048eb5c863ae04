/** Small uPlot wrappers: time series that keep the last N points. */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const palette = ["#2a6fdb", "#d9480f", "#2b8a3e", "#9c36b5", "#e8590c", "#0b7285", "#c2255c", "#5c940d"];

export class RollingChart {
  readonly #plot: uPlot;
  readonly #data: (number | null)[][];
  readonly #keep: number;

  constructor(root: HTMLElement, title: string, names: readonly string[], unit: string, keep = 120) {
    this.#keep = keep;
    this.#data = [[], ...names.map(() => [])];
    this.#plot = new uPlot(
      {
        title,
        width: Math.max(320, root.clientWidth || 480),
        height: 220,
        scales: { x: { time: true } },
        axes: [{}, { label: unit, size: 60 }],
        series: [{}, ...names.map((name, i) => ({ label: name, stroke: palette[i % palette.length], width: 1.5, spanGaps: true }))],
      },
      this.#data as uPlot.AlignedData,
      root,
    );
  }

  /** One point per series at time now (null: no value). */
  push(values: (number | null)[]): void {
    this.#data[0].push(Date.now() / 1000);
    values.forEach((value, i) => this.#data[i + 1].push(value));
    if (this.#data[0].length > this.#keep) for (const series of this.#data) series.shift();
    this.#plot.setData(this.#data as uPlot.AlignedData);
  }

  destroy(): void {
    this.#plot.destroy();
  }
}
