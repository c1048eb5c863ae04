/**
 * Every tutorial's program sources, for the tests (Node): read from
 * web-demo/tutorials/<id>/, as the page imports them (?raw) in Vite.
 */
import { readFileSync } from "node:fs";
import type { ProgramSource } from "./runner/tutorial-run.ts";
import type { Tutorial } from "./tutorial.ts";

export function programSources(tutorial: Tutorial): ProgramSource[] {
  return tutorial.programs.map((program) => ({
    ...program,
    source: readFileSync(new URL(`./${tutorial.id}/${program.file}`, import.meta.url), "utf8"),
  }));
}
