/**
 * <zmq-inspector>: the panel as a custom element. While it is in the
 * document it refreshes a few times a second; removed, it stops its timer
 * and its sockets' event taps. Defined on first use, so that importing
 * zeromq-wasm/inspector where there is no DOM (Node) does nothing.
 */
import { HostView } from "./host-view.js";
import { renderHost, renderSockets, STYLE } from "./render.js";
import { SocketsView } from "./sockets-view.js";

export const TAG = "zmq-inspector";
/** Refreshes per second while open. */
const REFRESH_MS = 250;

/** Defines <zmq-inspector> unless it is defined. */
export function defineInspectorElement(): void {
  if (customElements.get(TAG)) return;
  customElements.define(TAG, class extends HTMLElement {
    #view: SocketsView | undefined;
    /** A shared host's other tabs (nothing where the host is the page's own). */
    #host: HostView | undefined;
    #timer: ReturnType<typeof setInterval> | undefined;
    #body: HTMLElement | undefined;

    connectedCallback(): void {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: "open" });
        root.innerHTML = `<style>${STYLE}</style><header><b>zeromq-wasm sockets</b><button title="Close" aria-label="Close">×</button></header><div></div>`;
        root.querySelector("button")!.addEventListener("click", () => this.remove());
      }
      this.#body = this.shadowRoot!.querySelector("div")!;
      this.#view = new SocketsView();
      this.#host = new HostView();
      this.#refresh();
      this.#timer = setInterval(() => this.#refresh(), REFRESH_MS);
    }

    disconnectedCallback(): void {
      clearInterval(this.#timer);
      this.#view?.close();
      this.#view = undefined;
      this.#host = undefined;
    }

    #refresh(): void {
      if (!this.#view || !this.#body) return;
      const host = this.#host?.refresh();
      this.#body.innerHTML = renderSockets(this.#view.refresh(performance.now())) + (host ? renderHost(host) : "");
    }
  });
}
