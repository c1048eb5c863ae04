/**
 * A tutorial program's TypeScript, made runnable in the page: types
 * stripped and imports turned into require() calls (sucrase keeps every
 * line where it was, so a runtime error's line is the line the reader
 * edited). The program's top level becomes the body of an async function,
 * so top-level await works as in a module.
 */
import { transform } from "sucrase";

/** A syntax or runtime error in a program, with its line in the source. */
export class ProgramError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`);
    this.name = "ProgramError";
  }
}

export type ProgramBody = (...args: unknown[]) => Promise<void>;

/** What the page passes each program in place of globals and imports. */
export const programParameters = ["require", "exports", "console", "setTimeout", "setInterval", "clearTimeout", "clearInterval"] as const;

// `new AsyncFunction(...)` puts two lines ("async function anonymous(...",
// ") {") before the body: V8's line numbers count them.
const wrapperLines = 2;

export function compileProgram(source: string, file: string): ProgramBody {
  let code: string;
  try {
    code = transform(source, { transforms: ["typescript", "imports"], filePath: file }).code;
  } catch (error) {
    const match = /\((\d+):\d+\)\s*$/.exec((error as Error).message);
    throw new ProgramError(file, match ? Number(match[1]) : undefined, (error as Error).message.replace(/\s*\(\d+:\d+\)\s*$/, ""));
  }
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => ProgramBody;
  try {
    return new AsyncFunction(...programParameters, `${code}\n//# sourceURL=${sourceUrl(file)}`);
  } catch (error) {
    // Syntax sucrase let through (it does not check everything V8 does).
    throw new ProgramError(file, undefined, (error as Error).message);
  }
}

/** Where a runtime error was thrown: the innermost frame in one of `files`
 * (a program and the libraries it imports), with its line in that source. */
export function errorLocation(error: unknown, files: string[]): { file: string; line: number } | undefined {
  const stack = (error as Error | undefined)?.stack ?? "";
  let best: { file: string; line: number; index: number } | undefined;
  for (const file of files) {
    const at = new RegExp(`${escapeRegExp(sourceUrl(file))}:(\\d+):\\d+`).exec(stack);
    if (at && (!best || at.index < best.index)) best = { file, line: Number(at[1]) - wrapperLines, index: at.index };
  }
  return best && { file: best.file, line: best.line };
}

// A name no real script has, so a stack line that matches is the program's.
function sourceUrl(file: string): string {
  return `tutorial:///${file}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
