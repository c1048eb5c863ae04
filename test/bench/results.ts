// The browser benchmark's result rows (bench-results/browser.json), read by report.ts.
import type { Kind } from "./page/measure.ts";

/** A figure beside its baseline from the same run. */
export type Row = { group: string; name: string; variant?: string; detail?: string; unit: string; value: number; baseline: string; baselineValue: number; better: "higher" | "lower" };
/** The "page vs the peers" table: one figure, a value per page kind. */
export type PeerFigure = { figure: string; unit: string; better: "higher" | "lower"; values: Partial<Record<Kind, number>> };
