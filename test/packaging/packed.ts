/**
 * The package as users get it: `npm pack` of this repository, installed
 * with `npm install <tarball>` into a fresh temporary project (its one
 * dependency, ws, comes from the npm cache when it is there).
 * Once per test process.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../..", import.meta.url));

export interface Packed {
  /** The .tgz file. */
  tarball: string;
  /** Paths in the tarball, relative to its package/ folder. */
  files: string[];
  /** Size of the .tgz in bytes. */
  size: number;
  /** A fresh project with the tarball installed (node_modules/zeromq-wasm). */
  app: string;
}

let packed: Packed | undefined;

const npm = (args: string[], cwd: string): string =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

export function packAndInstall(): Packed {
  if (packed) return packed;
  const dir = mkdtempSync(join(tmpdir(), "zws-pack-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  // dist/ is built by `npm test`'s pretest; pack what is there.
  const [info] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], repo)) as Array<{
    filename: string;
    size: number;
    files: Array<{ path: string }>;
  }>;
  const tarball = join(dir, info.filename);
  const app = join(dir, "app");
  execFileSync("mkdir", [app]);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "zws-app", private: true, type: "module" }, null, 2));
  npm(["install", "--prefer-offline", tarball], app);
  copyFileSync(fileURLToPath(new URL("./app/check.mjs", import.meta.url)), join(app, "check.mjs"));
  packed = { tarball, files: info.files.map((file) => file.path), size: info.size, app };
  return packed;
}
