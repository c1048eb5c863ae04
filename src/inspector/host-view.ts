/**
 * The panel's part for a shared host (configure({ share: true })): the
 * other tabs' sockets on it and its shared upstream connections (feeds),
 * from the host's inspection (inspect/host-inspection.ts), asked for at
 * most once at a time while the panel is open. The page's own sockets are
 * in SocketsView, in more detail.
 */
import { hostInspector, type HostFeed, type HostInspection } from "../inspect/host-inspection.js";
import type { NamedEndpoint } from "../inspect/registry.js";
import { RateMeter, type Rates } from "./rates.js";

export interface HostSocketView {
  tab: number;
  /** Its id within its tab. */
  id: number;
  type: string;
  endpoints: NamedEndpoint[];
  rates: Rates;
}

export interface SharedHostView {
  /** Tabs the host serves, this one included. */
  tabs: number;
  /** The other tabs' sockets. */
  sockets: HostSocketView[];
  feeds: HostFeed[];
}

export class HostView {
  readonly #meters = new Map<string, RateMeter>();
  #asking = false;
  #latest: SharedHostView | undefined;

  /** The latest answer (undefined until one came, or where the page's host
   * is not shared), and asks for the next unless a question is out. */
  refresh(): SharedHostView | undefined {
    const asked = this.#asking ? undefined : hostInspector()?.();
    if (asked) {
      this.#asking = true;
      asked.then(
        (inspection) => (this.#latest = this.#view(inspection, performance.now())),
        () => {},
      ).finally(() => (this.#asking = false));
    }
    return this.#latest;
  }

  #view(inspection: HostInspection, at: number): SharedHostView {
    const seen = new Set<string>();
    const sockets: HostSocketView[] = [];
    for (const { tab, own, id, type, endpoints, traffic } of inspection.sockets) {
      if (own) continue;
      const key = `${tab}.${id}`;
      seen.add(key);
      let meter = this.#meters.get(key);
      if (!meter) this.#meters.set(key, (meter = new RateMeter()));
      sockets.push({ tab, id, type, endpoints, rates: meter.sample(traffic, at) });
    }
    for (const key of this.#meters.keys()) if (!seen.has(key)) this.#meters.delete(key);
    return { tabs: inspection.tabs, sockets, feeds: inspection.feeds };
  }
}
