/**
 * One row per running copy of a program while a run goes on: its state and
 * a Stop/Start button, so a reader can crash a server and start it again
 * (a worker, a broker, a Binary Star primary) and watch the others cope.
 *   [data-testid=program][data-program="<name>"]
 *     [data-testid=program-state]   running | done | failed | stopped
 *     [data-testid=program-toggle]  Stop while running, Start otherwise
 */
import type { ProgramState } from "../runner/program-run.ts";

export interface ProgramControls {
  /** Shows the programs of a new run (names in start order). */
  show(names: string[]): void;
  update(name: string, state: ProgramState): void;
  /** The run is over: nothing can be started any more. */
  ended(): void;
}

export function programControls(element: HTMLElement, toggle: (name: string, state: ProgramState) => void): ProgramControls {
  const rows = new Map<string, { state: HTMLElement; button: HTMLButtonElement; current: ProgramState }>();
  let over = false;
  const render = (name: string) => {
    const row = rows.get(name)!;
    row.state.textContent = row.current;
    row.state.className = `program-state ${row.current}`;
    row.button.textContent = row.current === "running" ? "Stop" : "Start";
    row.button.disabled = over;
    row.button.setAttribute("aria-label", `${row.current === "running" ? "Stop" : "Start"} ${name}`);
  };
  return {
    show(names) {
      over = false;
      rows.clear();
      element.replaceChildren();
      for (const name of names) {
        const row = document.createElement("li");
        row.dataset.testid = "program";
        row.dataset.program = name;
        const label = document.createElement("code");
        label.textContent = name;
        const state = document.createElement("span");
        state.dataset.testid = "program-state";
        const button = document.createElement("button");
        button.type = "button";
        button.dataset.testid = "program-toggle";
        button.onclick = () => toggle(name, rows.get(name)!.current);
        row.append(label, " ", state, " ", button);
        element.append(row);
        rows.set(name, { state, button, current: "running" });
        render(name);
      }
      element.hidden = names.length === 0;
    },
    update(name, state) {
      const row = rows.get(name);
      if (!row) return;
      row.current = state;
      render(name);
    },
    ended() {
      over = true;
      for (const name of rows.keys()) render(name);
    },
  };
}
