// Re-renders BENCHMARKS.md's sections for benches re-run on their own (their
// bench-results/*.json present), leaving every other section as the last
// full `npm run bench` wrote it (report.ts needs every part's results).
//
//   node --import tsx test/bench/report-section.ts share deployment dashboard
import { readFileSync, writeFileSync } from "node:fs";
import { dashboardSection } from "./dashboard-report.ts";
import { deploymentSection } from "./deployment-report.ts";
import { shareSection } from "./share-report.ts";

const SECTIONS: Record<string, () => string[]> = { share: shareSection, deployment: deploymentSection, dashboard: dashboardSection };

const names = process.argv.slice(2);
if (names.length === 0 || names.some((name) => !SECTIONS[name])) {
  console.error(`usage: report-section.ts ${Object.keys(SECTIONS).join("|")} ...`);
  process.exit(2);
}
let lines = readFileSync("BENCHMARKS.md", "utf8").split("\n");
for (const name of names) {
  const section = SECTIONS[name]!();
  if (section.length === 0) throw new Error(`${name}: no results in bench-results/ to render`);
  const start = lines.indexOf(section[0]!);
  if (start < 0) throw new Error(`${name}: BENCHMARKS.md has no "${section[0]}" section to replace`);
  let end = start + 1;
  while (end < lines.length && !lines[end]!.startsWith("## ")) end++;
  lines = [...lines.slice(0, start), ...section, ...lines.slice(end)];
  console.log(`BENCHMARKS.md: ${section[0]} re-rendered`);
}
writeFileSync("BENCHMARKS.md", lines.join("\n"));
