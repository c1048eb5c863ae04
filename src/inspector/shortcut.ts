/**
 * The keyboard shortcut that toggles the panel: "Ctrl+Shift+Z" by default,
 * any modifiers (Ctrl, Shift, Alt, Meta) and one key, matched on
 * KeyboardEvent.key, case-insensitively.
 */
export const DEFAULT_SHORTCUT = "Ctrl+Shift+Z";

interface Chord {
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  meta: boolean;
  key: string;
}

export function parseShortcut(text: string): Chord {
  const parts = text.split("+").map((part) => part.trim().toLowerCase());
  const key = parts.pop();
  if (!key) throw new TypeError(`Invalid shortcut: "${text}"`);
  const known = new Set(["ctrl", "shift", "alt", "meta"]);
  for (const part of parts) if (!known.has(part)) throw new TypeError(`Invalid shortcut modifier "${part}" in "${text}"`);
  return { ctrl: parts.includes("ctrl"), shift: parts.includes("shift"), alt: parts.includes("alt"), meta: parts.includes("meta"), key };
}

export function matches(chord: Chord, event: Pick<KeyboardEvent, "key" | "ctrlKey" | "shiftKey" | "altKey" | "metaKey">): boolean {
  return (
    event.key.toLowerCase() === chord.key &&
    event.ctrlKey === chord.ctrl &&
    event.shiftKey === chord.shift &&
    event.altKey === chord.alt &&
    event.metaKey === chord.meta
  );
}

/** Calls `action` on each keydown of `shortcut` in `target`; returns the undo. */
export function onShortcut(target: EventTarget, shortcut: string, action: () => void): () => void {
  const chord = parseShortcut(shortcut);
  const listener = (event: Event) => {
    if (!matches(chord, event as KeyboardEvent)) return;
    event.preventDefault();
    action();
  };
  target.addEventListener("keydown", listener);
  return () => target.removeEventListener("keydown", listener);
}
