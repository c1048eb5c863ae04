/**
 * The charts' series colours: the Okabe-Ito palette (Okabe & Ito, "Color
 * Universal Design"), chosen to stay apart for the common kinds of colour
 * blindness too; every other series is also dashed, so two lines differ by
 * more than hue. Without the yellow, too pale on white.
 */
export const seriesColors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#000000", "#56B4E9", "#D55E00"] as const;

export function seriesStyle(index: number): { stroke: string; dash?: number[] } {
  const stroke = seriesColors[index % seriesColors.length];
  return index % 2 === 1 ? { stroke, dash: [6, 3] } : { stroke };
}
