/**
 * The charts' series colours: the Okabe-Ito palette (Okabe & Ito, "Color
 * Universal Design"), without its yellow (too pale on white), the first
 * five (the weather's cities) being the five that stay furthest apart for
 * protanopia, deuteranopia and tritanopia too (test/web-demo-units.test.ts
 * checks). Every other series is also dashed, so lines differ by more than
 * hue.
 */
export const seriesColors = ["#0072B2", "#D55E00", "#000000", "#CC79A7", "#56B4E9", "#009E73", "#E69F00"] as const;

export function seriesStyle(index: number): { stroke: string; dash?: number[] } {
  const stroke = seriesColors[index % seriesColors.length];
  return index % 2 === 1 ? { stroke, dash: [6, 3] } : { stroke };
}
