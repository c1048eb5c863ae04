/**
 * A tutorial's programs running together, as the Guide's examples run in
 * several terminals: servers first, then clients. The run is over when
 * every client has ended; the servers are stopped then. Any single program
 * can be stopped (to watch the others cope) and started again.
 */
import { ProgramRun, type ProgramHost, type ProgramState } from "./program-run.ts";
import { compileProgram, ProgramError } from "./transpile.ts";

export interface ProgramSource {
  file: string;
  source: string;
  /** client: the run waits for it; server: runs until the clients are done;
   * library: not run, imported by programs (`import ... from "./mdcliapi.ts"`). */
  role: "client" | "server" | "library";
  /** Copies to run, as the Guide starts a worker in several terminals
   * (named "taskwork.ts #1", "#2", ...); 1 if absent. */
  instances?: number;
}

/** The names a program's copies run under. */
export function instanceNames(program: ProgramSource): string[] {
  const count = program.instances ?? 1;
  return count === 1 ? [program.file] : Array.from({ length: count }, (_, i) => `${program.file} #${i + 1}`);
}

export type RunOutcome = "done" | "failed" | "stopped";

export class TutorialRun {
  readonly finished: Promise<RunOutcome>;
  readonly #programs = new Map<string, ProgramRun>();
  readonly #sources: ProgramSource[];
  #stopped = false;
  #failed = false;

  /** Throws ProgramError (with its file and line) if any program does not
   * compile; then none of them has started. */
  readonly #host: ProgramHost;

  constructor(sources: ProgramSource[], host: ProgramHost) {
    this.#sources = sources;
    const compiled = sources.map((program) => ({ program, body: compileProgram(program.source, program.file) }));
    const libraries = Object.fromEntries(compiled.filter((c) => c.program.role === "library").map((c) => [c.program.file, c.body]));
    this.#host = { ...host, libraries };
    const ordered = [...compiled.filter((c) => c.program.role === "server"), ...compiled.filter((c) => c.program.role === "client")];
    for (const { program, body } of ordered) for (const name of instanceNames(program)) this.#track(new ProgramRun(name, program.file, body, this.#host));
    this.finished = this.#awaitClients();
  }

  /** Every running copy's name and state, in start order. */
  states(): Array<{ name: string; state: ProgramState }> {
    return [...this.#programs.values()].map((run) => ({ name: run.name, state: run.state }));
  }

  /** Stops one program (by its name), as killing its process would. */
  kill(name: string): void {
    this.#programs.get(name)?.stop();
  }

  /** Starts a stopped or ended program (by its name) again from its
   * source, which may have been edited since. */
  restart(name: string, source?: string): void {
    const current = this.#programs.get(name);
    const program = current && this.#sources.find((p) => p.file === current.file);
    if (!current || !program || this.#stopped) return;
    current.stop();
    if (source !== undefined) program.source = source;
    this.#track(new ProgramRun(name, program.file, compileProgram(program.source, program.file), this.#host));
  }

  /** Stops every program. */
  stop(): void {
    this.#stopped = true;
    for (const program of this.#programs.values()) program.stop();
  }

  #track(run: ProgramRun): void {
    this.#programs.set(run.name, run);
    void run.finished.then((state) => {
      if (state === "failed") this.#failed = true;
    });
  }

  async #awaitClients(): Promise<RunOutcome> {
    // A client restarted while the run goes on replaces its entry: wait for
    // whichever run of each client is current.
    const clients = this.#sources.filter((p) => p.role === "client").flatMap(instanceNames);
    for (;;) {
      const current = clients.map((file) => this.#programs.get(file)!);
      await Promise.all(current.map((run) => run.finished));
      if (clients.every((file, i) => this.#programs.get(file) === current[i])) break;
    }
    const stopped = this.#stopped || clients.some((file) => this.#programs.get(file)!.state === "stopped");
    for (const program of this.#programs.values()) program.stop();
    if (this.#failed) return "failed";
    return stopped ? "stopped" : "done";
  }
}

export { ProgramError };
