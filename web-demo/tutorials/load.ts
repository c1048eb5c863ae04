/**
 * Loads a tutorial's module and its own source text (Vite's ?raw import of
 * the same file), so the code the page shows is the code that runs.
 */
import type { TutorialContext } from "./context.ts";

type Module = { default: (context: TutorialContext) => Promise<void> };
const modules = import.meta.glob<Module>("./*.ts");
const sources = import.meta.glob<string>("./*.ts", { query: "?raw", import: "default" });

export async function loadTutorial(id: string): Promise<{ run: Module["default"]; source: string } | undefined> {
  const file = `./${id}.ts`;
  if (!modules[file]) return undefined;
  const [module, source] = await Promise.all([modules[file](), sources[file]()]);
  return { run: module.default, source };
}
