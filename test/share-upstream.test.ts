// Subscribers of several clients of one host (the tabs sharing one libzmq,
// serve-host.ts with shareSubscriberConnections) that connect to one tcp://
// endpoint share one upstream connection: here two clients served over
// MessageChannel ports, a native publisher (pyzmq XPUB) and a real gateway.
import assert from "node:assert/strict";
import { afterEach, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { wrap, type Remote } from "comlink";
import { WebSocket } from "ws";
import type { WasmHost } from "../dist/backend/wasm-host.js";
import type { WorkerApi } from "../dist/backend/protocol.js";
import type { MonitorEvent } from "../dist/backend/types.js";
import { unpack } from "../dist/frames.js";
import { currentHost } from "../dist/host.js";
import { SUB } from "../dist/options.js";
import { MAX_FEEDS } from "../dist/backend/subscriber-feeds.js";
import { serveHost, type Served } from "../dist/serve-host.js";
import { NativePeer, type PeerLine } from "./support/native-peer.ts";
import { testGateway } from "./support/gateway.ts";
import { eventually } from "./support/util.ts";

/** Waits until check() stops throwing (an assertion), then passes. */
async function settles(what: string, check: () => void): Promise<void> {
  const holds = () => {
    try {
      check();
      return true;
    } catch {
      return false;
    }
  };
  await eventually(what, holds, 10_000).catch(() => undefined);
  check();
}

const publisherScript = fileURLToPath(new URL("./support/topic_publisher.py", import.meta.url));
const threads = process.env.ZEROMQ_WASM_TEST_BUILD === "threads";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

let host: WasmHost;
let gateway: Awaited<ReturnType<typeof testGateway>>;
const publishers: NativePeer[] = [];
const clients: Client[] = [];

before(async () => {
  const zmq = threads ? await import("../dist/threads.js") : await import("../dist/index.js");
  await zmq.ready;
  host = currentHost() as WasmHost;
  host.configure({ WebSocket: WebSocket as never });
  const allow = Array.from({ length: 65535 - 1024 }, (_, i) => `127.0.0.1:${1025 + i}`);
  gateway = await testGateway({ allow });
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const publisher of publishers.splice(0)) publisher.stop();
});

function publish(options: Record<string, unknown>): NativePeer {
  const publisher = NativePeer.start("publish", { topics: ["weather", "sports", "news"], seconds: 30, ...options }, publisherScript);
  publishers.push(publisher);
  return publisher;
}

let nextId = 1;

/** One client of the host (a tab), speaking the Worker host's protocol as
 * remote.ts does. */
class Client {
  readonly api: Remote<WorkerApi>;
  readonly #port: MessagePort;
  readonly #served: Served;
  readonly #context = nextId++;

  /** feedLingerMs: 0 here (a feed closes with its last Subscriber), but
   * where a test is about the linger. */
  private constructor(feedLingerMs: number) {
    const { port1, port2 } = new MessageChannel();
    this.#served = serveHost(Promise.resolve(host), port1 as never, undefined, { shareSubscriberConnections: true, feedLingerMs });
    this.#port = port2;
    this.api = wrap<WorkerApi>(port2 as never);
  }

  static async open(feedLingerMs = 0): Promise<Client> {
    const client = new Client(feedLingerMs);
    clients.push(client);
    await client.api.start({ gateway: gateway.url });
    await client.api.createContext(client.#context, [], true);
    return client;
  }

  /** A Subscriber to endpoint for topics, its events collected in `events`
   * (watched from before its connect, or from after it). */
  async subscriber(endpoint: string, topics: string[], options: Array<[string, unknown]> = [], watchFirst = true): Promise<Sub> {
    const id = nextId++;
    await this.api.create(id, SUB, this.#context, options);
    const sub = new Sub(this.api, id);
    if (watchFirst) await sub.watch();
    for (const topic of topics) await this.api.subscribe(id, true, encoder.encode(topic));
    await this.api.connect(id, endpoint, {});
    if (!watchFirst) await sub.watch();
    return sub;
  }

  close(): void {
    this.#served.close();
    this.#port.close();
  }
}

class Sub {
  readonly events: MonitorEvent[] = [];
  constructor(
    private readonly api: Remote<WorkerApi>,
    readonly id: number,
  ) {}

  async watch(): Promise<void> {
    const monitorId = nextId++;
    await this.api.monitor(this.id, monitorId);
    void (async () => {
      for (;;) {
        const event = await this.api.monitorNext(monitorId).catch(() => undefined);
        if (!event) return;
        this.events.push(event);
      }
    })();
  }

  /** The topics of the next `count` messages. */
  async topics(count: number): Promise<Set<string>> {
    const topics = new Set<string>();
    for (let got = 0; got < count; ) {
      const { batch } = await this.api.receive(this.id, count - got);
      for (const [topic] of unpack(batch, (buffer, offset, length) => new Uint8Array(buffer, offset, length))) {
        topics.add(decoder.decode(topic));
        got++;
      }
    }
    return topics;
  }

  close(): Promise<void> {
    return this.api.close(this.id);
  }
}

/** The publisher's (un)subscription lines up to and with `topic` `on`. */
async function untilSubscription(publisher: NativePeer, topic: string, on: boolean): Promise<PeerLine[]> {
  const lines: PeerLine[] = [];
  for (;;) {
    const line = await publisher.next("subscription", 10_000);
    lines.push(line);
    if (line.subscription === topic && line.on === on) return lines;
  }
}

const feedStats = async (client: Client) => (await client.api.stats()).sharedFeeds;

describe("Subscribers of a host's clients share one upstream connection per endpoint", () => {
  it("mixed subscriptions each get their own topics over one gateway connection; the last to leave releases it", async () => {
    const publisher = publish({});
    const endpoint = await publisher.endpoint();
    const a = await Client.open();
    const b = await Client.open();
    const weatherA = await a.subscriber(endpoint, ["weather"]);
    const sportsB = await b.subscriber(endpoint, ["sports"]);
    const weatherNewsB = await b.subscriber(endpoint, ["weather", "news"], [], false);

    assert.deepEqual(await weatherA.topics(10), new Set(["weather"]));
    assert.deepEqual(await sportsB.topics(10), new Set(["sports"]));
    assert.deepEqual(await weatherNewsB.topics(20), new Set(["weather", "news"]));
    assert.equal(gateway.stats().open, 1, "one gateway connection for the endpoint");
    assert.deepEqual(await feedStats(a), { feeds: 1, sockets: 3 });

    assert.equal(await a.api.getOption(weatherA.id, "lastEndpoint"), endpoint);
    // Events name the endpoint, never the feed's inproc link; a Subscriber
    // that joins the feed once it is up (or watches only then) is told so.
    await settles("a's handshake", () => assert.ok(weatherA.events.some((e) => e.type === "handshake" && e.address === endpoint), JSON.stringify(weatherA.events)));
    for (const sub of [weatherA, sportsB, weatherNewsB]) {
      assert.ok(sub.events.some((e) => e.type === "connect" && e.address === endpoint), JSON.stringify(sub.events));
      assert.ok(!sub.events.some((e) => e.address?.startsWith("inproc://")), JSON.stringify(sub.events));
    }

    // Each Subscriber's subscribe reached the publisher, as on a connection
    // of its own; an unsubscribe only once no Subscriber wants the topic.
    await weatherNewsB.close();
    const lines = await untilSubscription(publisher, "news", false);
    assert.deepEqual(
      lines.filter((line) => line.on).map((line) => line.subscription).sort(),
      ["news", "sports", "weather", "weather"],
    );
    assert.ok(!lines.some((line) => !line.on && line.subscription === "weather"), JSON.stringify(lines));
    // weather stays subscribed for a's socket, which keeps receiving.
    assert.deepEqual(await weatherA.topics(5), new Set(["weather"]));
    assert.deepEqual(await feedStats(b), { feeds: 1, sockets: 2 });

    await weatherA.close();
    await untilSubscription(publisher, "weather", false);
    assert.deepEqual(await sportsB.topics(5), new Set(["sports"]));
    assert.equal(gateway.stats().open, 1);

    await sportsB.close();
    await settles("released", () => assert.equal(gateway.stats().open, 0, "the last Subscriber's close released the connection"));
    assert.deepEqual(await feedStats(a), { feeds: 0, sockets: 0 });
  });

  it("a Subscriber's disconnect leaves the feed to the others; reconnect events after the publisher restarts name the endpoint", async () => {
    const first = publish({});
    const endpoint = await first.endpoint();
    const port = Number(endpoint.slice(endpoint.lastIndexOf(":") + 1));
    const a = await Client.open();
    const b = await Client.open();
    const subA = await a.subscriber(endpoint, ["news"]);
    const subB = await b.subscriber(endpoint, ["sports"]);
    assert.deepEqual(await subA.topics(3), new Set(["news"]));

    first.stop();
    await first.exited;
    await settles("disconnect event", () => assert.ok(subA.events.some((e) => e.type === "disconnect" && e.address === endpoint), JSON.stringify(subA.events)));
    const restarted = publish({ port });
    await restarted.endpoint();
    // Both resubscribe through the one connection.
    assert.deepEqual(await subA.topics(3), new Set(["news"]));
    assert.deepEqual(await subB.topics(3), new Set(["sports"]));
    for (const sub of [subA, subB]) {
      const types = sub.events.filter((e) => e.address === endpoint).map((e) => e.type);
      assert.ok(types.includes("disconnect") && types.includes("connect:retry"), types.join());
      assert.ok(types.lastIndexOf("connect") > types.indexOf("disconnect"), types.join());
      assert.ok(!sub.events.some((e) => e.address?.startsWith("inproc://")), JSON.stringify(sub.events));
    }
    assert.equal(gateway.stats().open, 1);

    await a.api.disconnect(subA.id, endpoint);
    await untilSubscription(restarted, "news", false);
    assert.deepEqual(await subB.topics(3), new Set(["sports"]));
    assert.deepEqual(await feedStats(a), { feeds: 1, sockets: 1 });
    await subB.close();
    await subA.close();
    await settles("released", () => assert.equal(gateway.stats().open, 0));
  });

  it("CURVE Subscribers share only with the same keys; other options keep their own connection", async () => {
    const a = await Client.open();
    const b = await Client.open();
    const server = await a.api.curveKeyPair();
    const one = await a.api.curveKeyPair();
    const other = await b.api.curveKeyPair();
    const publisher = publish({ curve_server_secret: server.secretKey, curve_server_public: server.publicKey });
    const endpoint = await publisher.endpoint();
    const keys = (pair: { publicKey: string; secretKey: string }): Array<[string, unknown]> => [
      ["curveServerKey", server.publicKey],
      ["curvePublicKey", pair.publicKey],
      ["curveSecretKey", pair.secretKey],
    ];
    const subs = [
      await a.subscriber(endpoint, ["weather"], keys(one)),
      await b.subscriber(endpoint, ["sports"], keys(one)),
      await b.subscriber(endpoint, ["news"], keys(other)),
    ];
    // Options that change what a Subscriber gets: a connection of its own.
    const inverted = await a.subscriber(endpoint, ["weather"], [...keys(one), ["invertMatching", true]]);
    assert.deepEqual(await subs[0].topics(5), new Set(["weather"]));
    assert.deepEqual(await subs[1].topics(5), new Set(["sports"]));
    assert.deepEqual(await subs[2].topics(5), new Set(["news"]));
    assert.deepEqual(await feedStats(a), { feeds: 2, sockets: 3 });
    assert.equal(gateway.stats().open, 3, "one per key pair, and the unshared socket's own");
    for (const sub of [...subs, inverted]) await sub.close();
    await settles("released", () => assert.equal(gateway.stats().open, 0));
  });

  it("a feed stays up a while after its last Subscriber leaves: a tab that reloads finds it connected", async () => {
    const publisher = publish({});
    const endpoint = await publisher.endpoint();
    const opened = () => gateway.logs.filter((entry) => entry.event === "open").length;
    const openedBefore = opened();
    // Another tab (no Subscriber of its own) reads the host's stats.
    const watching = await Client.open(2000);
    const before = await Client.open(2000);
    const first = await before.subscriber(endpoint, ["weather"]);
    assert.deepEqual(await first.topics(3), new Set(["weather"]));
    before.close(); // the tab reloads: the host closes what it left open
    await untilSubscription(publisher, "weather", false);
    assert.deepEqual(await feedStats(watching), { feeds: 1, sockets: 0 }, "the idle feed lingers");
    assert.equal(gateway.stats().open, 1);

    const after = await Client.open(2000);
    const again = await after.subscriber(endpoint, ["weather"]);
    assert.deepEqual(await again.topics(3), new Set(["weather"]));
    assert.ok(again.events.some((e) => e.type === "connect" && e.address === endpoint), "told the feed is up");
    assert.equal(opened() - openedBefore, 1, "no new gateway connection for the reloaded tab");
    await again.close();
    assert.deepEqual(await feedStats(after), { feeds: 1, sockets: 0 });
    await settles("released after the linger", () => assert.equal(gateway.stats().open, 0));
    assert.deepEqual(await feedStats(after), { feeds: 0, sockets: 0 });
  });

  it(`keeps at most ${MAX_FEEDS} feeds per host: a Subscriber to one more endpoint connects on its own`, async () => {
    const a = await Client.open();
    // Nobody listens there: each feed (and the unshared connection) retries.
    const endpoints = Array.from({ length: MAX_FEEDS + 1 }, (_, i) => `tcp://127.0.0.1:${1100 + i}`);
    const subs = [];
    for (const endpoint of endpoints) subs.push(await a.subscriber(endpoint, ["weather"]));
    assert.deepEqual(await feedStats(a), { feeds: MAX_FEEDS, sockets: MAX_FEEDS });
    for (const sub of subs) await sub.close();
    assert.deepEqual(await feedStats(a), { feeds: 0, sockets: 0 });
  });
});
