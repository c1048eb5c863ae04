/**
 * zeromq-wasm/inspector: an in-page panel listing the page's sockets, their
 * endpoints' states, rates, waiting messages, reconnects and last error.
 *
 *   import * as inspector from "zeromq-wasm/inspector";
 *   inspector.mount();            // open it now (returns { unmount })
 *   inspector.shortcut();         // or toggle it with Ctrl+Shift+Z
 *
 * Closed, it costs nothing: no timer, no socket monitor; sockets only keep
 * their message and byte counts.
 */
import { defineInspectorElement, TAG } from "./element.js";
import { DEFAULT_SHORTCUT, onShortcut } from "./shortcut.js";

export interface MountOptions {
  /** Where the panel goes (default: document.body). */
  parent?: Element;
}

export interface Mounted {
  /** The <zmq-inspector> element. */
  readonly element: HTMLElement;
  /** Removes the panel: its timer and its sockets' monitors stop. */
  unmount(): void;
}

export interface ShortcutOptions extends MountOptions {
  /** The keys, e.g. "Ctrl+Shift+Z" (the default) or "Alt+I". */
  keys?: string;
  /** Where key presses are listened for (default: the document). */
  target?: EventTarget;
}

/** Adds the panel to the page, or gives the one already there. */
export function mount(options: MountOptions = {}): Mounted {
  defineInspectorElement();
  const element = document.querySelector<HTMLElement>(TAG) ?? document.createElement(TAG);
  if (!element.isConnected) (options.parent ?? document.body).append(element);
  return { element, unmount: () => element.remove() };
}

/** True if the panel is on the page. */
export function isMounted(): boolean {
  return typeof document !== "undefined" && document.querySelector(TAG) !== null;
}

/** Toggles the panel on each press of the keys; returns the undo. */
export function shortcut(options: ShortcutOptions = {}): () => void {
  return onShortcut(options.target ?? document, options.keys ?? DEFAULT_SHORTCUT, () => {
    if (isMounted()) document.querySelector(TAG)!.remove();
    else mount(options);
  });
}

export { DEFAULT_SHORTCUT };
/** The panel's data without the panel (a script, a test, Node). */
export { SocketsView, type SocketView } from "./sockets-view.js";
export { HostView, type HostSocketView, type SharedHostView } from "./host-view.js";
export type { EndpointState, EndpointStateName } from "./endpoint-state.js";
export type { Rates } from "./rates.js";
