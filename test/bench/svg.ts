/**
 * Horizontal bar charts as standalone SVG, for BENCHMARKS.md: one group per
 * test, one bar per contender, value labels, optional reference line.
 */
export interface Bar {
  name: string;
  value: number;
}
export interface Group {
  label: string;
  bars: Bar[];
}
export interface ChartSpec {
  title: string;
  unit: string;
  groups: Group[];
  /** Draw a dashed line at this value (e.g. 1.0 for ratios). */
  reference?: number;
}

const colors: Record<string, string> = {};
const palette = ["#2a6fdb", "#e8590c", "#2b8a3e", "#9c36b5", "#868e96", "#0b7285"];
const colorOf = (name: string) => (colors[name] ??= palette[Object.keys(colors).length % palette.length]);
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const format = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export function barChart(spec: ChartSpec): string {
  const labelWidth = 330;
  const plotWidth = 420;
  const barHeight = 16;
  const groupGap = 14;
  const top = 48;
  const max = Math.max(...spec.groups.flatMap((g) => g.bars.map((b) => b.value)), spec.reference ?? 0) * 1.12;
  const x = (value: number) => labelWidth + (value / max) * plotWidth;
  let y = top;
  const parts: string[] = [];
  for (const group of spec.groups) {
    const groupHeight = group.bars.length * barHeight;
    parts.push(`<text x="${labelWidth - 8}" y="${y + groupHeight / 2 + 4}" text-anchor="end" class="label">${escape(group.label)}</text>`);
    for (const bar of group.bars) {
      const w = Math.max(1, x(bar.value) - labelWidth);
      parts.push(`<rect x="${labelWidth}" y="${y + 1}" width="${w.toFixed(1)}" height="${barHeight - 2}" fill="${colorOf(bar.name)}"><title>${escape(bar.name)}: ${format(bar.value)} ${escape(spec.unit)}</title></rect>`);
      parts.push(`<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + barHeight - 4}" class="value">${format(bar.value)}</text>`);
      y += barHeight;
    }
    y += groupGap;
  }
  const height = y + 30;
  if (spec.reference !== undefined) {
    const rx = x(spec.reference).toFixed(1);
    parts.push(`<line x1="${rx}" y1="${top - 6}" x2="${rx}" y2="${y - groupGap + 4}" stroke="#495057" stroke-dasharray="4 3"/>`);
  }
  const names = [...new Set(spec.groups.flatMap((g) => g.bars.map((b) => b.name)))];
  let lx = labelWidth;
  const legend = names.map((name) => {
    const item = `<rect x="${lx}" y="${height - 22}" width="10" height="10" fill="${colorOf(name)}"/><text x="${lx + 14}" y="${height - 13}" class="legend">${escape(name)}</text>`;
    lx += 24 + name.length * 6.5;
    return item;
  });
  const width = Math.max(labelWidth + plotWidth + 70, lx + 10);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">
<style>.title{font-size:15px;font-weight:600}.label{font-size:12px;fill:#212529}.value{font-size:11px;fill:#495057}.legend{font-size:12px;fill:#212529}.unit{font-size:11px;fill:#868e96}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="12" y="22" class="title">${escape(spec.title)}</text>
<text x="12" y="38" class="unit">${escape(spec.unit)}</text>
${parts.join("\n")}
${legend.join("\n")}
</svg>
`;
}
