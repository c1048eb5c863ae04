/**
 * The tutorial's code as an editor (CodeMirror 6): one tab per program,
 * editable, plus the demo services' source read-only. One EditorView shows
 * the current tab; each tab keeps its own state (text, undo, selection).
 */
import { javascript } from "@codemirror/lang-javascript";
import { EditorState, Prec, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, keymap, type DecorationSet } from "@codemirror/view";
import { basicSetup, EditorView } from "codemirror";
import type { SourceFile } from "./sources.ts";

export interface CodeEditor {
  /** Each editable tab's current text, by tab name. */
  programs(): Map<string, string>;
  /** The tabs whose text differs from the original. */
  edited(): string[];
  /** Puts text into a tab (a share link's edits). */
  setText(name: string, text: string): void;
  /** Back to the original source: one tab, or all. */
  reset(name?: string): void;
  current(): string;
  select(name: string): void;
  /** Marks a line of a tab as where an error was (cleared by the next edit or run). */
  markError(name: string, line: number): void;
  clearErrors(): void;
  destroy(): void;
}

const setErrorLine = StateEffect.define<number | undefined>();
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    if (transaction.docChanged) marks = Decoration.none;
    for (const effect of transaction.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      marks =
        line === undefined || line < 1 || line > transaction.state.doc.lines
          ? Decoration.none
          : Decoration.set([Decoration.line({ class: "cm-error-line" }).range(transaction.state.doc.line(line).from)]);
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function mountEditor(root: HTMLElement, files: SourceFile[], onRun: () => void, onChange: () => void): CodeEditor {
  const tabs = document.createElement("div");
  tabs.className = "editor-tabs";
  tabs.setAttribute("role", "tablist");
  const host = document.createElement("div");
  host.className = "editor";
  host.dataset.testid = "editor";
  root.append(tabs, host);

  const extensions = (file: SourceFile): Extension[] => [
    // Shift+Enter runs, before the default keymap turns it into a newline.
    Prec.highest(keymap.of([{ key: "Shift-Enter", run: () => (onRun(), true) }])),
    basicSetup,
    javascript({ typescript: true }),
    errorLine,
    EditorState.readOnly.of(file.readOnly),
    EditorView.editable.of(!file.readOnly),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) {
        states.set(file.name, update.state);
        markEdited();
        onChange();
      }
    }),
  ];
  const fresh = (file: SourceFile, text = file.source) => EditorState.create({ doc: text, extensions: extensions(file) });
  const states = new Map(files.map((file) => [file.name, fresh(file)]));
  const buttons = new Map<string, HTMLButtonElement>();
  let currentName = files[0].name;
  const view = new EditorView({ state: states.get(currentName)!, parent: host });
  // The DOM holds only the lines in view: tests (and tools) read the current
  // tab's whole text from the editor element's `text`.
  Object.defineProperty(host, "text", { get: () => view.state.doc.toString() });

  const text = (name: string) => (name === currentName ? view.state : states.get(name)!).doc.toString();
  const isEdited = (file: SourceFile) => !file.readOnly && text(file.name) !== file.source;
  const markEdited = () => {
    for (const file of files) buttons.get(file.name)!.classList.toggle("edited", isEdited(file));
  };
  const select = (name: string) => {
    if (!states.has(name) || name === currentName) return;
    states.set(currentName, view.state);
    currentName = name;
    view.setState(states.get(name)!);
    for (const [tab, button] of buttons) button.setAttribute("aria-selected", String(tab === name));
  };
  const replace = (name: string, next: EditorState) => {
    states.set(name, next);
    if (name === currentName) view.setState(next);
    markEdited();
    onChange();
  };

  for (const file of files) {
    const button = document.createElement("button");
    button.type = "button";
    button.setAttribute("role", "tab");
    button.dataset.testid = "tab";
    button.dataset.file = file.name;
    button.title = `web-demo/${file.path}${file.readOnly ? " (read-only: the demo service's own source)" : ""}`;
    button.textContent = file.name;
    if (file.readOnly) button.classList.add("read-only");
    button.setAttribute("aria-selected", String(file.name === currentName));
    button.onclick = () => select(file.name);
    tabs.append(button);
    buttons.set(file.name, button);
  }

  return {
    programs: () => new Map(files.filter((f) => !f.readOnly).map((f) => [f.name, text(f.name)])),
    edited: () => files.filter(isEdited).map((f) => f.name),
    setText: (name, value) => {
      const file = files.find((f) => f.name === name && !f.readOnly);
      if (file) replace(name, fresh(file, value));
    },
    reset: (name) => {
      for (const file of files) if ((name === undefined || file.name === name) && isEdited(file)) replace(file.name, fresh(file));
    },
    current: () => currentName,
    select,
    markError: (name, line) => {
      select(name);
      view.dispatch({ effects: setErrorLine.of(line), selection: { anchor: view.state.doc.line(Math.min(line, view.state.doc.lines)).from }, scrollIntoView: true });
    },
    clearErrors: () => {
      states.set(currentName, view.state);
      for (const [name, state] of states) {
        const cleared = state.update({ effects: setErrorLine.of(undefined) }).state;
        states.set(name, cleared);
        if (name === currentName) view.dispatch({ effects: setErrorLine.of(undefined) });
      }
    },
    destroy: () => view.destroy(),
  };
}
