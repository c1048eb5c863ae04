/**
 * One upstream connection per endpoint for the Subscribers of a host's
 * clients (the tabs that share one libzmq host, serve-host.ts with
 * shareSubscriberConnections). Per endpoint and connection options the host
 * keeps a feed: an XSUB connected to the real endpoint and an XPUB bound on
 * a private inproc address, joined by libzmq's proxy. A client's Subscriber
 * connects to the feed's XPUB instead of the endpoint: each subscription
 * goes upstream, an unsubscribe only when the last subscriber of the topic
 * leaves, and XPUB filters per socket as a publisher does, so each
 * Subscriber keeps its own semantics.
 *
 * Only Subscribers share: a Request's or Dealer's connection carries its own
 * identity and envelopes, which one shared connection would change for the
 * peer.
 */
import { checkOption, SUB, XPUB, XSUB, type OptionSpec } from "../options.js";
import type { HostFeed } from "./protocol.js";
import type { ConnectRequest, MonitorBackend, MonitorEvent, ProxyBackend } from "./types.js";
import type { WasmContext } from "./wasm-context.js";
import type { WasmHost } from "./wasm-host.js";
import type { WasmSocket } from "./wasm-socket.js";

/** Options that act on the Subscriber's own queue: they stay with it. */
const OWN_OPTIONS = new Set(["linger", "receiveTimeout", "receiveHighWaterMark", "conflate"]);
/** Options that change what the Subscriber gets from a publisher: such a
 * socket keeps its own connection. */
const UNSHARED_OPTIONS = new Set(["invertMatching", "curveServer", "plainServer"]);
/** How long a disconnected Subscriber answers its feed's side of the link
 * at once (an idle one would only at its next call). */
const DISCONNECT_SETTLES_MS = 1000;

/** Feeds a host keeps at most; a Subscriber to one more endpoint connects
 * on its own. Each feed's proxy is a turn that every run of the build
 * without threads visits (wasm/shim/zws_coop.c), or a thread of its own
 * with threads: a bound keeps one tab's many endpoints from costing every
 * other tab's messages a little more. */
export const MAX_FEEDS = 16;

/** How long a feed stays connected once its last Subscriber has left, by
 * default: a tab that reloads comes back within it and finds its feed up
 * (no new upstream connection and handshake). Idle, it costs a connection
 * with no subscriptions: the publisher sends it nothing. */
export const FEED_LINGER_MS = 5000;

/** The private inproc addresses of feeds (hidden from a socket's events). */
const FEED_PREFIX = "inproc://zeromq-wasm.feed.";
let feedCount = 0;

/** Events that leave an upstream connection down: what a joining socket
 * is told stops. */
const DOWN = new Set(["connect:delay", "connect:retry", "disconnect", "close", "handshake:error:other", "handshake:error:protocol", "handshake:error:auth"]);

export interface FeedStats {
  /** Upstream connections (feeds) open. */
  feeds: number;
  /** Subscribers attached to them, each counted once per feed. */
  sockets: number;
}

/** One Subscriber's tie to a feed, released on disconnect or close. */
export interface Attachment {
  /** The feed's inproc address the socket connected to. */
  readonly address: string;
  release(): void;
}

/** Where a socket's monitors take the events of the feeds it is on. */
type Sink = (event: MonitorEvent) => void;

export class SubscriberFeeds {
  readonly #feeds = new Map<string, Feed>();
  readonly #sinks = new Map<WasmSocket, Set<Sink>>();
  /** Feeds with no Subscriber, until their linger ends (oldest first). */
  readonly #lingering = new Map<Feed, { key: string; timer: ReturnType<typeof setTimeout> }>();
  /** See FEED_LINGER_MS; 0: a feed closes as its last Subscriber leaves. */
  lingerMs = FEED_LINGER_MS;

  constructor(private readonly host: WasmHost) {}

  /**
   * The connection options a Subscriber shares a feed by, or undefined if
   * it must keep its own connection (not a Subscriber, a routing id asked
   * for, or an option set that changes what it receives). Every option
   * that is not the socket's own shapes the connection (security keys,
   * reconnect intervals, handshake and heartbeat times, ...): the feed's
   * XSUB takes it, and only Subscribers with the same values share.
   */
  shareable(type: number, options: Map<string, unknown>, request: ConnectRequest): Array<[string, unknown]> | undefined {
    if (type !== SUB || request.routingId) return undefined;
    const shaping: Array<[string, unknown]> = [];
    for (const [name, value] of options) {
      if (OWN_OPTIONS.has(name)) continue;
      if (UNSHARED_OPTIONS.has(name)) {
        if (value) return undefined;
        continue;
      }
      try {
        checkOption(XSUB, name, value);
      } catch {
        return undefined; // nothing an XSUB can take for it
      }
      shaping.push([name, value]);
    }
    return shaping.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Connects socket to the feed for address (opened now if need be);
   * undefined if the host has MAX_FEEDS feeds already. */
  attach(socket: WasmSocket, context: WasmContext, address: string, request: ConnectRequest, shaping: Array<[string, unknown]>): Attachment | undefined {
    const key = feedKey(context, address, request, shaping);
    let feed = this.#feeds.get(key);
    if (feed) this.#endLinger(feed);
    else {
      if (this.#feeds.size >= MAX_FEEDS && !this.#closeOldestIdle()) return undefined;
      feed = new Feed(this.host, context, address, request, shaping, (event, sockets) => this.#relay(event, sockets));
      this.#feeds.set(key, feed);
    }
    const joining = !feed.has(socket);
    try {
      socket.connect(feed.address, {});
    } catch (error) {
      if (feed.idle) this.#close(key, feed);
      throw error;
    }
    feed.add(socket);
    // Where the feed is up already, the socket is told it is connected.
    if (joining) for (const event of feed.state) this.#relay(event, [socket]);
    let released = false;
    return {
      address: feed.address,
      release: () => {
        if (released) return;
        released = true;
        feed.remove(socket);
        if (feed.idle) this.#linger(key, feed);
      },
    };
  }

  /** A monitor of socket that also reports, with their tcp:// addresses,
   * the upstream events of the feeds the socket is on, and hides its
   * connections to them. */
  monitor(socket: WasmSocket): MonitorBackend {
    let sinks = this.#sinks.get(socket);
    if (!sinks) this.#sinks.set(socket, (sinks = new Set()));
    const all = sinks;
    const relayed = new RelayedMonitor(socket.monitor(), () => {
      all.delete(sink);
      if (all.size === 0 && this.#sinks.get(socket) === all) this.#sinks.delete(socket);
    });
    const sink: Sink = (event) => relayed.relay(event);
    all.add(sink);
    // Where the socket is on a feed that is up, the monitor is told so (a
    // page starts watching after its connect has gone to the host).
    for (const feed of this.#feeds.values()) if (feed.has(socket)) for (const event of feed.state) sink(event);
    return relayed;
  }

  /** Each feed's endpoint and how many Subscribers it has (the inspector). */
  list(): HostFeed[] {
    return [...this.#feeds.values()].map((feed) => ({ endpoint: feed.endpoint, subscribers: feed.size }));
  }

  stats(): FeedStats {
    let sockets = 0;
    for (const feed of this.#feeds.values()) sockets += feed.size;
    return { feeds: this.#feeds.size, sockets };
  }

  #relay(event: MonitorEvent, sockets: Iterable<WasmSocket>): void {
    for (const socket of sockets) for (const sink of this.#sinks.get(socket) ?? []) sink(event);
  }

  #linger(key: string, feed: Feed): void {
    if (this.lingerMs <= 0) return this.#close(key, feed);
    const timer = setTimeout(() => this.#close(key, feed), this.lingerMs);
    // In Node, an idle feed does not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
    this.#lingering.set(feed, { key, timer });
  }

  #endLinger(feed: Feed): void {
    clearTimeout(this.#lingering.get(feed)?.timer);
    this.#lingering.delete(feed);
  }

  /** Makes room for a new feed by closing the idle one that has lingered
   * longest; false if every feed has Subscribers. */
  #closeOldestIdle(): boolean {
    const [oldest] = this.#lingering;
    if (!oldest) return false;
    this.#close(oldest[1].key, oldest[0]);
    return true;
  }

  #close(key: string, feed: Feed): void {
    this.#endLinger(feed);
    if (this.#feeds.get(key) === feed) this.#feeds.delete(key);
    feed.close();
  }
}

/** The feeds of each host: one set for all the clients it serves. */
const hostFeeds = new WeakMap<WasmHost, SubscriberFeeds>();

export function feedsOf(host: WasmHost): SubscriberFeeds {
  let feeds = hostFeeds.get(host);
  if (!feeds) hostFeeds.set(host, (feeds = new SubscriberFeeds(host)));
  return feeds;
}

/** inproc links only reach within one context, so the context is part of
 * the key with the endpoint, its gateway and the connection options. */
function feedKey(context: WasmContext, address: string, request: ConnectRequest, shaping: Array<[string, unknown]>): string {
  const values = shaping.map(([name, value]) => [name, value instanceof Uint8Array ? Array.from(value) : value]);
  return JSON.stringify([context.handle, address, request.gateway ?? null, values]);
}

/** The upstream connection for one endpoint: XSUB -> proxy -> XPUB. */
class Feed {
  readonly address = `${FEED_PREFIX}${++feedCount}`;
  /** Events since the upstream connection last came up (replayed to a
   * socket that joins while it is up). */
  state: MonitorEvent[] = [];
  readonly #attached = new Map<WasmSocket, number>();
  readonly #upstream: WasmSocket;
  readonly #local: WasmSocket;
  readonly #monitor: MonitorBackend;
  readonly #proxy: ProxyBackend;
  #closed = false;

  constructor(
    host: WasmHost,
    context: WasmContext,
    readonly endpoint: string,
    request: ConnectRequest,
    shaping: Array<[string, unknown]>,
    private readonly relay: (event: MonitorEvent, sockets: Iterable<WasmSocket>) => void,
  ) {
    const options = shaping.map(([name, value]): [string, OptionSpec, unknown] => [name, checkOption(XSUB, name, value), value]);
    // Nothing of a feed is worth waiting for once its last Subscriber left.
    const linger: [string, OptionSpec, unknown] = ["linger", checkOption(XSUB, "linger", 0), 0];
    this.#upstream = host.createSocket(XSUB, context, [...options, linger]);
    try {
      // Every Subscriber's subscribe goes upstream, as it would on its own
      // connection (a publisher that answers one with its last value
      // answers each); the XSUB then withholds an unsubscribe until the
      // topic's last Subscriber has left.
      const verbose: [string, OptionSpec, unknown] = ["verbosity", checkOption(XPUB, "verbosity", "allSubsUnsubs"), "allSubsUnsubs"];
      this.#local = host.createSocket(XPUB, context, [verbose, linger]);
    } catch (error) {
      this.#upstream.close();
      throw error;
    }
    // Before the proxy owns the sockets (a libzmq thread, with threads).
    let monitor: MonitorBackend | undefined;
    try {
      monitor = this.#upstream.monitor();
      void this.#local.bind(this.address); // inproc: done at once
      this.#upstream.connect(endpoint, request);
    } catch (error) {
      monitor?.close();
      this.#upstream.close();
      this.#local.close();
      throw error;
    }
    this.#monitor = monitor;
    void this.#relayUpstream();
    this.#proxy = host.createProxy(this.#upstream, this.#local, context);
    const running = this.#proxy.run().catch(() => undefined);
    this.#upstream.lend(running);
    this.#local.lend(running);
    void running.then(() => {
      this.#closed = true;
      this.#monitor.close();
      this.#upstream.close();
      this.#local.close();
    });
  }

  /** Reads the upstream monitor and relays to the attached sockets. */
  async #relayUpstream(): Promise<void> {
    for (;;) {
      const event = await this.#monitor.next();
      if (!event || event.type === "end" || this.#closed) return;
      if (event.type === "connect") this.state = [event];
      else if (DOWN.has(event.type)) this.state = [];
      else if (this.state.length > 0) this.state.push(event);
      this.relay(event, this.#attached.keys());
    }
  }

  has(socket: WasmSocket): boolean {
    return this.#attached.has(socket);
  }

  add(socket: WasmSocket): void {
    this.#attached.set(socket, (this.#attached.get(socket) ?? 0) + 1);
  }

  remove(socket: WasmSocket): void {
    const count = (this.#attached.get(socket) ?? 0) - 1;
    if (count > 0) this.#attached.set(socket, count);
    else this.#attached.delete(socket);
  }

  get size(): number {
    return this.#attached.size;
  }

  get idle(): boolean {
    return this.#attached.size === 0;
  }

  /** Ends the proxy; the sockets close once it has (see the constructor). */
  close(): void {
    this.#closed = true;
    this.#proxy.command("TERMINATE");
  }
}

/** A socket's own monitor with the events of its feeds added, and its
 * links to them (inproc) left out. */
class RelayedMonitor implements MonitorBackend {
  readonly #queue: MonitorEvent[] = [];
  #own: Promise<MonitorEvent | undefined> | undefined;
  #wake: (() => void) | undefined;
  #done = false;

  constructor(
    private readonly own: MonitorBackend,
    private readonly unlisten: () => void,
  ) {}

  relay(event: MonitorEvent): void {
    if (this.#done) return;
    this.#queue.push(event);
    this.#wake?.();
  }

  async next(): Promise<MonitorEvent | undefined> {
    for (;;) {
      const queued = this.#queue.shift();
      if (queued) return queued;
      if (this.#done) return undefined;
      this.#own ??= this.own.next().catch(() => undefined);
      const woken = new Promise<undefined>((resolve) => (this.#wake = () => resolve(undefined)));
      const got = await Promise.race([this.#own.then((event) => ({ event })), woken]);
      this.#wake = undefined;
      if (!got) continue;
      this.#own = undefined;
      const { event } = got;
      if (!event || event.type === "end") {
        this.#finish();
        if (event) this.#queue.push(event);
        continue;
      }
      if (!event.address?.startsWith(FEED_PREFIX)) return event;
    }
  }

  close(): void {
    this.#finish();
    this.#queue.length = 0;
    this.own.close();
    this.#wake?.();
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.unlisten();
  }
}

/** The default context of every client of a host that shares feeds:
 * Subscribers reach a feed over inproc, which only links sockets of one
 * context. */
const defaultContexts = new WeakMap<WasmHost, WasmContext>();

export function sharedDefaultContext(host: WasmHost): WasmContext {
  let context = defaultContexts.get(host);
  if (!context) defaultContexts.set(host, (context = host.createContext([])));
  return context;
}

/** One served client's part in its host's feeds: which of its sockets may
 * share (their type and the options set on them) and where they are on. */
export class ClientFeeds {
  readonly #sockets = new Map<number, { type: number; context: WasmContext; options: Map<string, unknown>; on: Map<string, Attachment[]> }>();
  readonly #feeds: SubscriberFeeds;

  constructor(host: WasmHost, lingerMs?: number) {
    this.#feeds = feedsOf(host);
    if (lingerMs !== undefined) this.#feeds.lingerMs = lingerMs;
  }

  created(id: number, type: number, context: WasmContext, options: Array<[string, unknown]>): void {
    this.#sockets.set(id, { type, context, options: new Map(options), on: new Map() });
  }

  optionSet(id: number, name: string, value: unknown): void {
    this.#sockets.get(id)?.options.set(name, value);
  }

  /** Connects a Subscriber's tcp:// endpoint through its feed; false for a
   * connect this leaves to the socket itself. */
  connect(id: number, socket: WasmSocket, address: string, request: ConnectRequest): boolean {
    const known = this.#sockets.get(id);
    if (!known || !address.startsWith("tcp://")) return false;
    const shaping = this.#feeds.shareable(known.type, known.options, request);
    if (!shaping) return false;
    const attachment = this.#feeds.attach(socket, known.context, address, request, shaping);
    if (!attachment) return false;
    known.on.set(address, [...(known.on.get(address) ?? []), attachment]);
    return true;
  }

  /** Disconnects an endpoint connected through a feed (libzmq ends every
   * link to an endpoint at once); false if it was not. */
  disconnect(id: number, socket: WasmSocket, address: string): boolean {
    const attachments = this.#sockets.get(id)?.on.get(address);
    if (!attachments) return false;
    this.#sockets.get(id)!.on.delete(address);
    socket.disconnect(attachments[0].address);
    for (const attachment of attachments) attachment.release();
    // The feed sends the unsubscribes once the link is gone (both ends).
    void socket.processCommandsFor(DISCONNECT_SETTLES_MS);
    return true;
  }

  /** The endpoint a feed's address stands for, for this socket. */
  endpointOf(id: number, address: string): string {
    for (const [endpoint, attachments] of this.#sockets.get(id)?.on ?? []) if (attachments[0].address === address) return endpoint;
    return address;
  }

  /** After the socket closed: its feeds may close. */
  closed(id: number): void {
    for (const attachments of this.#sockets.get(id)?.on.values() ?? []) for (const attachment of attachments) attachment.release();
    this.#sockets.delete(id);
  }

  monitor(socket: WasmSocket): MonitorBackend {
    return this.#feeds.monitor(socket);
  }

  stats(): FeedStats {
    return this.#feeds.stats();
  }

  list(): HostFeed[] {
    return this.#feeds.list();
  }
}
