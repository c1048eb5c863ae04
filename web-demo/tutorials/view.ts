// One tutorial page: explanation, the code that runs, Run/Stop and a log.
import type { PageConfig } from "../demo-config.ts";
import { tutorials } from "./catalog.ts";
import { loadTutorial } from "./load.ts";

export function tutorialList(): string {
  return `<h2>ZeroMQ Guide tutorials, in the browser</h2>
    <p>Each runs in this page: its sockets live in the page's Web Worker (the real libzmq in WebAssembly).
    Some talk only among themselves over <code>inproc://</code>; others reach the demo's services through the gateway.</p>
    <ol class="tutorial-list">${tutorials
      .map((t) => `<li><a href="#/tutorials/${t.id}">${t.title}</a> <span class="where ${t.where}">${t.where === "inproc" ? "inproc, in the worker" : "via the gateway"}</span></li>`)
      .join("")}</ol>`;
}

export async function mountTutorial(root: HTMLElement, id: string, config: PageConfig): Promise<() => void> {
  const tutorial = tutorials.find((t) => t.id === id);
  // Clear the previous page at once: while the module loads, its Run button
  // must not stay clickable (a click there would run the old tutorial).
  root.innerHTML = `<p class="loading">Loading…</p>`;
  const loaded = tutorial && (await loadTutorial(id));
  if (!tutorial || !loaded) {
    root.innerHTML = `<p>No tutorial "${id.replace(/[<&]/g, "")}". <a href="#/tutorials">All tutorials</a></p>`;
    return () => {};
  }
  root.innerHTML = `
    <p><a href="#/tutorials">← all tutorials</a></p>
    <h2>${tutorial.title}</h2>
    <p class="where ${tutorial.where}">${
      tutorial.where === "inproc"
        ? "Runs entirely inside this page's worker (inproc://): no network."
        : "Runs against a demo service through the gateway (tcp:// endpoints, as in the Guide)."
    }</p>
    <div class="explanation">${tutorial.explanation}</div>
    <div class="controls">
      <button data-testid="run">Run</button>
      <button data-testid="stop" disabled>Stop</button>
      <span data-testid="tutorial-status" class="status">ready</span>
    </div>
    <pre class="output" data-testid="output"></pre>
    <details open><summary>The code (web-demo/tutorials/${id}.ts): this is what Run executes</summary><pre class="code"><code></code></pre></details>`;
  root.querySelector("pre.code code")!.textContent = loaded.source;
  const output = root.querySelector<HTMLElement>("[data-testid=output]")!;
  const status = root.querySelector<HTMLElement>("[data-testid=tutorial-status]")!;
  const runButton = root.querySelector<HTMLButtonElement>("[data-testid=run]")!;
  const stopButton = root.querySelector<HTMLButtonElement>("[data-testid=stop]")!;
  let controller: AbortController | undefined;
  const log = (...parts: unknown[]) => {
    output.textContent += parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ") + "\n";
    output.scrollTop = output.scrollHeight;
  };
  runButton.onclick = async () => {
    controller = new AbortController();
    output.textContent = "";
    status.textContent = "running";
    runButton.disabled = true;
    stopButton.disabled = false;
    try {
      await loaded.run({ log, endpoints: config.endpoints, signal: controller.signal });
      status.textContent = controller.signal.aborted ? "stopped" : "done";
    } catch (error) {
      log(`error: ${(error as Error).message}`);
      status.textContent = "failed";
    } finally {
      runButton.disabled = false;
      stopButton.disabled = true;
    }
  };
  stopButton.onclick = () => controller?.abort();
  return () => controller?.abort();
}
