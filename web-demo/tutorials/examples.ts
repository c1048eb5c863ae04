/** Which of the Guide's examples a tutorial shows: its programs and the demo
 * services it talks to, each named once (Clone's two endpoints are one
 * clonesrv); mdp.ts, the Guide's mdp.h header, is not one. */
import { baseName } from "./page/paths.ts";
import type { Tutorial } from "./tutorial.ts";

export function examplesOf(tutorial: Tutorial): string[] {
  const programs = tutorial.programs.filter((p) => p.guideExample !== false).map((p) => baseName(p.file).replace(/\.ts$/, ""));
  return [...new Set([...programs, ...(tutorial.services ?? []).map((s) => s.example)])];
}
