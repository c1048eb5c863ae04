// A tutorial whose programs talk only over inproc://, run in Node by the
// page's runner, with its output kept so that a test can wait for a line,
// stop or restart a program, and read what everyone printed.
import * as zmq from "zeromq-wasm";
import { TutorialRun } from "../../web-demo/tutorials/runner/tutorial-run.ts";
import { programSources } from "../../web-demo/tutorials/node-sources.ts";
import type { Tutorial } from "../../web-demo/tutorials/tutorial.ts";

export interface InprocRun {
  run: TutorialRun;
  /** "program: text", in the order printed. */
  lines: string[];
  /** Resolves once a line includes the text; rejects after timeoutMs. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** The run's outcome, or "timed out" after timeoutMs. */
  outcome(timeoutMs?: number): Promise<string>;
}

export function runInproc(tutorial: Tutorial): InprocRun {
  const lines: string[] = [];
  const run = new TutorialRun(programSources(tutorial), {
    modules: { "zeromq-wasm/browser": zmq as unknown as Record<string, unknown> },
    print: (name, text) => lines.push(`${name}: ${text}`),
  });
  const waitFor = async (text: string, timeoutMs = 10_000) => {
    for (const deadline = Date.now() + timeoutMs; !lines.some((line) => line.includes(text)); ) {
      if (Date.now() > deadline) throw new Error(`no line with "${text}" in:\n${lines.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const outcome = async (timeoutMs = 30_000) => {
    const result = await Promise.race([run.finished, new Promise<string>((resolve) => setTimeout(resolve, timeoutMs, "timed out"))]);
    run.stop();
    return result;
  };
  return { run, lines, waitFor, outcome };
}
