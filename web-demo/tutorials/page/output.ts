/**
 * The run's output: one line per print, with the time it was printed
 * (HH:MM:SS.mmm) and the program that printed it, as several terminals'
 * output would read side by side.
 */
export type LineKind = "out" | "err" | "note";

export interface OutputLog {
  /** A program's line (err: its stderr or its error). */
  line(program: string, text: string, kind: LineKind): void;
  /** A line from the page itself (what it started, what went wrong). */
  note(text: string): void;
  clear(): void;
}

export function timestamp(at = new Date()): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${String(at.getMilliseconds()).padStart(3, "0")}`;
}

export function outputLog(element: HTMLElement): OutputLog {
  const append = (program: string | undefined, text: string, kind: LineKind) => {
    // Keep reading where the reader scrolled to, unless they were at the end.
    const atEnd = element.scrollHeight - element.scrollTop - element.clientHeight < 4;
    const line = document.createElement("span");
    line.className = `line ${kind}`;
    const time = document.createElement("span");
    time.className = "time";
    time.textContent = `${timestamp()} `;
    line.append(time);
    if (program !== undefined) {
      const name = document.createElement("span");
      name.className = "program";
      name.textContent = `${program}: `;
      line.append(name);
    }
    line.append(`${text}\n`);
    element.append(line);
    if (atEnd) element.scrollTop = element.scrollHeight;
  };
  return {
    line: (program, text, kind) => append(program, text, kind),
    note: (text) => append(undefined, text, "note"),
    clear: () => element.replaceChildren(),
  };
}
