/**
 * The tutorial pages: the list, and one tutorial with its explanation, its
 * programs in an editor (Run executes the edited code in this page), the
 * run's output, and controls over each running program and the demo
 * services it talks to. Modules under page/ do one job each.
 */
import * as zmq from "zeromq-wasm/browser";
import type { PageConfig } from "../demo-config.ts";
import { gatewayUrl } from "../page-config.ts";
import { tutorials } from "./catalog.ts";
import "./page/tutorial.css";
import { withConfigPorts } from "./page/config-ports.ts";
import { outputLog } from "./page/output.ts";
import { programControls } from "./page/program-controls.ts";
import { watchReachability, type Reachability } from "./page/reachability.ts";
import { mountServiceControls } from "./page/service-controls.ts";
import { sharedEdits, shareLink } from "./page/share.ts";
import { examplesOf } from "./examples.ts";
import { baseName } from "./page/paths.ts";
import { tutorialSources } from "./page/sources.ts";
import type { ProgramState } from "./runner/program-run.ts";
import type { Tutorial } from "./tutorial.ts";

const siteTitle = "zeromq-wasm tutorials";
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

export function tutorialList(): string {
  setTitle("Guide tutorials");
  return `<h2>ZeroMQ Guide tutorials, in the browser</h2>
    <p>Each runs in this page: its sockets live in the page's Web Worker (the real libzmq in WebAssembly).
    Some talk only among themselves over <code>inproc://</code>; others reach the demo's services through the gateway.
    Every program is editable: change it and Run.</p>
    <ol class="tutorial-list">${tutorials
      .map((t) => `<li><a href="#/tutorials/${t.id}">${t.title}</a> <span class="where ${t.where}">${t.where === "inproc" ? "inproc, in the worker" : "via the gateway"}</span> <span class="chapter">${t.chapter}</span></li>`)
      .join("")}</ol>`;
}

// The page's title before any tutorial route set it, put back when the
// reader leaves the tutorials (main.ts routes; this module owns the title).
const pageTitle = document.title;
function setTitle(title: string): void {
  document.title = `${title} - ${siteTitle}`;
}
window.addEventListener("hashchange", () => {
  if (!location.hash.startsWith("#/tutorials")) document.title = pageTitle;
});

/** The Guide's examples a tutorial follows: its programs and its services'. */
function pageHtml(tutorial: Tutorial, config: PageConfig): string {
  const index = tutorials.indexOf(tutorial);
  const prev = tutorials[index - 1];
  const next = tutorials[index + 1];
  const link = (t: Tutorial | undefined, rel: string, testid: string, arrow: string) =>
    t ? `<a href="#/tutorials/${t.id}" rel="${rel}" data-testid="${testid}">${rel === "prev" ? `${arrow} ` : ""}${t.title}${rel === "next" ? ` ${arrow}` : ""}</a>` : "<span></span>";
  return `
    <nav class="tutorial-nav" aria-label="tutorials">${link(prev, "prev", "prev", "←")}<a href="#/tutorials">all tutorials</a>${link(next, "next", "next", "→")}</nav>
    <h2>${tutorial.title}</h2>
    <p class="guide" data-testid="guide">The ZeroMQ Guide, ${escape(tutorial.chapter)}: the examples ${examplesOf(tutorial)
      .map((name) => `<code>${escape(name)}</code>`)
      .join(", ")}, in TypeScript.</p>
    <p class="where ${tutorial.where}">${
      tutorial.where === "inproc"
        ? "Runs entirely inside this page's worker (inproc://): no network."
        : `Runs against the demo's services through the gateway (${escape(gatewayUrl(config))}), with tcp:// endpoints as in the Guide.`
    }</p>
    <div class="explanation">${withConfigPorts(tutorial.explanation, config.endpoints)}</div>
    <p class="shared-notice" data-testid="shared-notice" role="status" hidden></p>
    <div class="code-area"><p class="loading">Loading the editor…</p></div>
    <div class="controls">
      <button type="button" data-testid="run" title="Run the code as edited (Shift+Enter)" disabled>Run</button>
      <button type="button" data-testid="stop" disabled>Stop</button>
      <button type="button" data-testid="reset" title="Put back this tab's original code">Reset tab</button>
      <button type="button" data-testid="reset-all" title="Put back every tab's original code">Reset all</button>
      <button type="button" data-testid="share" title="A link that opens this tutorial with your edits">Share</button>
      <span data-testid="tutorial-status" class="status" aria-live="polite">ready</span>
    </div>
    <p class="share-row" hidden><label>Link to this code: <input data-testid="share-link" readonly size="60" /></label> <span data-testid="share-status" aria-live="polite"></span></p>
    <ul class="program-controls" data-testid="programs" aria-label="programs of this run" hidden></ul>
    <ul class="service-controls" data-testid="services" aria-label="demo services" hidden></ul>
    <pre class="output" data-testid="output" aria-live="polite" aria-label="output"></pre>`;
}

export async function mountTutorial(root: HTMLElement, id: string, config: PageConfig): Promise<() => void> {
  const tutorial = tutorials.find((t) => t.id === id);
  if (!tutorial) {
    setTitle("No such tutorial");
    root.innerHTML = `<p>No tutorial "${escape(id)}". <a href="#/tutorials">All tutorials</a></p>`;
    return () => {};
  }
  setTitle(tutorial.title);
  root.innerHTML = pageHtml(tutorial, config);
  const $ = <E extends HTMLElement>(testid: string) => root.querySelector<E>(`[data-testid=${testid}]`)!;
  const output = outputLog($("output"));
  const status = $("tutorial-status");
  const runButton = $<HTMLButtonElement>("run");
  const stopButton = $<HTMLButtonElement>("stop");
  let unmounted = false;
  let current: { stop(): void } | undefined;
  let reachability: Reachability | undefined;

  // The editor (CodeMirror) loads with the first tutorial page, not with the dashboard.
  const [{ mountEditor }, files, shared] = await Promise.all([import("./page/editor.ts"), tutorialSources(tutorial), sharedEdits(id)]);
  if (unmounted) return () => {};
  for (const file of files) if (!file.readOnly) file.source = withConfigPorts(file.source, config.endpoints);
  const codeArea = root.querySelector<HTMLElement>(".code-area")!;
  codeArea.replaceChildren();
  const editor = mountEditor(codeArea, files, () => void run(), () => ($(`share-link`).closest<HTMLElement>(".share-row")!.hidden = true));
  if (shared && shared.size > 0) {
    for (const [name, text] of shared) editor.setText(name, text);
    const notice = $("shared-notice");
    notice.textContent = `Opened from a share link, with edited code in ${[...shared.keys()].join(", ")}. Reset all puts back the original.`;
    notice.hidden = false;
  }

  // The runner knows a program by its path in about.ts ("../majordomo/mdbroker.ts #1");
  // the page shows its file's name, as its tab does ("mdbroker.ts #1").
  const runnerNames = new Map<string, string>();
  const shown = (name: string) => baseName(name);
  const tabOf = (name: string) => shown(name).replace(/ #\d+$/, "");
  const programs = programControls($("programs"), (name, state) => {
    const run = current as import("./runner/tutorial-run.ts").TutorialRun | undefined;
    const runnerName = runnerNames.get(name);
    if (!run || !runnerName) return;
    if (state === "running") return run.kill(runnerName);
    try {
      run.restart(runnerName, editor.programs().get(tabOf(name)));
    } catch (error) {
      reportError(error);
    }
  });
  const reportError = (error: unknown) => {
    const { file, line, message } = error as { file?: string; line?: number; message: string };
    if (file === undefined) return output.note(`error: ${message}`);
    const text = message.startsWith(`${file}:`) ? message.slice(message.indexOf(": ") + 2) : message;
    output.line(shown(file), line === undefined ? `syntax error: ${text}` : `syntax error at line ${line}: ${text}`, "err");
    if (line !== undefined) editor.markError(tabOf(file), line);
  };

  const run = async () => {
    if (current) return;
    output.clear();
    editor.clearErrors();
    status.textContent = "running";
    stopButton.disabled = false;
    runButton.setAttribute("aria-disabled", "true");
    // The runner (and sucrase in it) loads on the first Run only.
    const { TutorialRun, instanceNames } = await import("./runner/tutorial-run.ts");
    if (unmounted) return;
    const sourceOf = editor.programs();
    const sources = tutorial.programs.map((p) => ({ ...p, source: sourceOf.get(baseName(p.file)) ?? "" }));
    if (tutorial.where === "gateway") {
      const services = (tutorial.services ?? []).map((s) => ({ endpoint: config.endpoints[s.endpoint], label: `the demo's ${s.endpoint} service, ${s.example}` }));
      reachability = watchReachability(services, gatewayUrl(config), (text) => output.note(text));
    }
    const host = {
      modules: { "zeromq-wasm/browser": zmq as unknown as Record<string, unknown> },
      print: (name: string, text: string, stream: "out" | "err") => {
        output.line(shown(name), text, stream);
        // "error at line 7: ..." (the program's own line) or "error at ../x/lib.ts line 7: ..." (a library's).
        const at = /^error at (?:(\S+) )?line (\d+)/.exec(text);
        if (at) editor.markError(at[1] ? baseName(at[1]) : tabOf(name), Number(at[2]));
      },
      stateChanged: (name: string, state: ProgramState) => programs.update(shown(name), state),
      socketMade: (name: string, socket: { close(): void }) => reachability?.socketMade(name, socket),
    };
    let outcome: string;
    try {
      const names = sources.filter((p) => p.role !== "library").flatMap(instanceNames);
      runnerNames.clear();
      for (const name of names) runnerNames.set(shown(name), name);
      programs.show(names.map(shown));
      const started = new TutorialRun(sources, host);
      current = started;
      for (const entry of started.states()) programs.update(shown(entry.name), entry.state);
      status.textContent = "running";
      outcome = await started.finished;
    } catch (error) {
      reportError(error);
      outcome = "failed";
    }
    reachability?.stop();
    reachability = undefined;
    current = undefined;
    programs.ended();
    if (unmounted) return;
    status.textContent = outcome;
    stopButton.disabled = true;
    runButton.removeAttribute("aria-disabled");
  };

  runButton.onclick = () => void run();
  // Enabled once the editor holds the code (a click before would run nothing).
  runButton.disabled = false;
  stopButton.onclick = () => current?.stop();
  $("reset").onclick = () => editor.reset(editor.current());
  $("reset-all").onclick = () => {
    editor.reset();
    $("shared-notice").hidden = true;
  };
  $("share").onclick = async () => {
    const edited = new Map([...editor.programs()].filter(([name]) => editor.edited().includes(name)));
    const input = $<HTMLInputElement>("share-link");
    input.value = await shareLink(id, edited);
    input.closest<HTMLElement>(".share-row")!.hidden = false;
    input.select();
    const said = $("share-status");
    said.textContent = edited.size === 0 ? "(nothing edited: the link opens the original code)" : "";
    try {
      await navigator.clipboard.writeText(input.value);
      said.textContent += " copied";
    } catch {
      // No clipboard permission: the selected link is there to copy.
    }
  };
  // Shift+Enter runs from anywhere on the page (the editor handles its own).
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "Enter" && event.shiftKey && !event.defaultPrevented) {
      event.preventDefault();
      void run();
    }
  };
  root.addEventListener("keydown", onKey);
  if (tutorial.services?.length) void mountServiceControls($("services"), tutorial.services, (text) => output.note(text));

  return () => {
    unmounted = true;
    current?.stop();
    reachability?.stop();
    root.removeEventListener("keydown", onKey);
    editor.destroy();
    document.title = pageTitle;
  };
}
