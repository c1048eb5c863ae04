/**
 * The text the page shows in its editor: each program's source (Vite's ?raw
 * import of the file the runner runs) and, for gateway tutorials, the demo
 * services' own source, read-only.
 */
import type { Tutorial } from "../tutorial.ts";
import { baseName, normalisePath } from "./paths.ts";

// Every tutorial folder's programs (not the page's own code, nor about.ts).
const programFiles = import.meta.glob<string>(["../*/*.ts", "!../page/*.ts", "!../runner/*.ts", "!../*/about.ts"], { query: "?raw", import: "default" });
const serviceFiles = import.meta.glob<string>("../../server/services/*.ts", { query: "?raw", import: "default" });

export interface SourceFile {
  /** The tab's name: the file's own name (hwclient.ts, hwserver's file, ...). */
  name: string;
  /** Where it lives, relative to web-demo/ (shown as the tab's title). */
  path: string;
  source: string;
  readOnly: boolean;
}

async function load(files: Record<string, () => Promise<string>>, key: string): Promise<string | undefined> {
  return files[key] ? await files[key]() : undefined;
}

/** The tutorial's programs (editable), then its services (read-only). */
export async function tutorialSources(tutorial: Tutorial): Promise<SourceFile[]> {
  const programs = tutorial.programs.map(async (program) => {
    const path = normalisePath(`tutorials/${tutorial.id}/${program.file}`);
    const source = await load(programFiles, `../${path.slice("tutorials/".length)}`);
    return { name: baseName(program.file), path, source: source ?? "// (source not available)\n", readOnly: source === undefined };
  });
  // One tab per file: a service may serve two endpoints (Clone's snapshots and updates).
  const serviceFilesUsed = [...new Set((tutorial.services ?? []).map((service) => service.file))];
  const services = serviceFilesUsed.map(async (file) => {
    const service = { file };
    const path = normalisePath(`server/${service.file}`);
    const source = await load(serviceFiles, `../../${path}`);
    return { name: baseName(service.file), path, source: source ?? "// (source not available)\n", readOnly: true };
  });
  return Promise.all([...programs, ...services]);
}
