/** The ticker's table: a row per symbol, built once; drawing rewrites only
 * the cells whose text changed (not the whole table's HTML). */
import { symbols } from "../demo-config.ts";
import type { Entry } from "./clone-client.ts";
import { showText } from "./show-text.ts";

interface Row {
  symbol: string;
  price: HTMLElement;
  change: HTMLElement;
  sequence: HTMLElement;
}

/** The change since the opening price, in percent of the opening price. */
export function changePercent(price: number, opening: number): number {
  return ((price - opening) / opening) * 100;
}

export class TickerTable {
  readonly #body: HTMLTableSectionElement;
  readonly #rows: Row[];

  constructor(body: HTMLTableSectionElement) {
    this.#body = body;
    body.innerHTML = symbols.map((symbol) => `<tr><td>${symbol}</td><td>–</td><td>–</td><td>–</td></tr>`).join("");
    this.#rows = Array.from(body.rows).map((row, i) => ({ symbol: symbols[i], price: row.cells[1], change: row.cells[2], sequence: row.cells[3] }));
  }

  /** Shows each symbol's entry and its change since `opening` (the first price seen). */
  draw(state: ReadonlyMap<string, Entry>, opening: ReadonlyMap<string, number>): void {
    for (const { symbol, price, change, sequence } of this.#rows) {
      const entry = state.get(symbol);
      const percent = entry ? changePercent(entry.price, opening.get(symbol) ?? entry.price) : 0;
      showText(price, entry ? entry.price.toFixed(2) : "–");
      showText(change, entry ? `${percent.toFixed(2)}%` : "–");
      showText(sequence, entry ? String(entry.seq) : "–");
      const direction = percent > 0 ? "up" : percent < 0 ? "down" : "";
      if (change.className !== direction) change.className = direction;
    }
  }

  /** Greys the prices out while the feed is stale or down. */
  markStale(stale: boolean): void {
    this.#body.classList.toggle("stale", stale);
  }
}
