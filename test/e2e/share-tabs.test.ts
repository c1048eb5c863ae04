// configure({ share: true }): the tabs of one origin share one libzmq host
// (a SharedWorker). Real Chromium tabs (pages of one browser context), a
// native publisher and REP behind a real gateway: each tab receives only
// its own topics; libzmq loads once; a tab that closes, crashes or reloads
// releases its Subscribers (which share one gateway connection per
// endpoint, closed with the last); when the host itself is lost, the
// tabs' subscribers resume on a new one and a pending request fails with
// EAGAIN.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { Reply } from "zeromq";
import { createGateway, type Gateway } from "../../dist/gateway/server.js";
import { launchChromium } from "../support/chromium.ts";
import { NativePeer } from "../support/native-peer.ts";
import { serveRepo, type StaticServer } from "../support/static-server.ts";
import { eventually, within } from "../support/util.ts";

type Zmq = typeof import("../../dist/browser/client.js");
type Tab = { zmq: Zmq; pageReady: Promise<string>; received: Record<string, number>; request?: Promise<string> };

let browser: Browser;
let site: StaticServer;
let gateway: Gateway;
let publisher: NativePeer;
let silentReply: Reply;
let endpoints: { pub: string; rep: string };
/** The wasm files the site served (libzmq loads). */
let wasmLoads = 0;

before(async () => {
  publisher = NativePeer.start("pub", { topics: ["a", "b", "c"], rounds: 1_000_000, interval: 0.02 });
  // A REP that takes requests and never answers: a request stays pending.
  silentReply = new Reply();
  await silentReply.bind("tcp://127.0.0.1:*");
  const pub = await publisher.endpoint();
  endpoints = { pub, rep: silentReply.lastEndpoint! };
  [browser, site] = await Promise.all([
    launchChromium(),
    serveRepo({ isolated: false, onServe: (path) => void (path.endsWith(".wasm") && wasmLoads++) }),
  ]);
  gateway = await createGateway({
    port: 0,
    allow: [pub, endpoints.rep].map((endpoint) => endpoint.replace("tcp://", "")),
    origins: [site.url],
    idleTimeoutMs: 2000,
    log: () => {},
  });
});
after(async () => {
  await browser?.close();
  await gateway?.close();
  await site?.close();
  publisher?.stop();
  silentReply?.close();
});

/** leader: as a browser without SharedWorker (share.html?leader); idle: the
 * page only configures (share.html?idle). */
async function openTab(context: BrowserContext, mode: "" | "leader" | "idle" = ""): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${site.url}/test/e2e/share.html${mode ? `?${mode}` : ""}`);
  assert.equal(await page.evaluate(() => (window as never as Tab).pageReady), mode === "idle" ? "idle" : "ready");
  return page;
}

/** A Subscriber on the tab for `topics`, counting what it receives by topic. */
function subscribe(page: Page, topics: string[]): Promise<void> {
  return within(
    page.evaluate(
      async ({ gateway, endpoint, topics }) => {
        const tab = window as never as Tab;
        tab.received ??= {};
        const sub = new tab.zmq.Subscriber();
        sub.connect(endpoint, { gateway });
        for (const topic of topics) sub.subscribe(topic);
        let receiving!: () => void;
        const first = new Promise<void>((resolve) => (receiving = resolve));
        void (async () => {
          for await (const message of sub) {
            const topic = String(message[0]);
            tab.received[topic] = (tab.received[topic] ?? 0) + 1;
            receiving();
          }
        })();
        await first;
      },
      { gateway: gateway.url, endpoint: endpoints.pub, topics },
    ),
    20_000,
    `a subscriber to ${topics.join(", ")} receives`,
  );
}

const received = (page: Page) => page.evaluate(() => ({ ...(window as never as Tab).received }));
const tabs = (page: Page) => page.evaluate(async () => (await (window as never as Tab).zmq.stats()).tabs);
/** The host's Subscribers on shared upstream connections (all tabs'). */
const feedSockets = (page: Page) =>
  page.evaluate(async () => (await (window as never as Tab).zmq.stats()).sharedFeeds?.sockets);

/** Waits until every counter of the tab has grown by at least `more`. */
async function receivesMore(page: Page, more: number, what: string): Promise<void> {
  const before = await received(page);
  await eventually(what, async () => {
    const now = await received(page);
    return Object.keys(before).every((topic) => (now[topic] ?? 0) >= before[topic]! + more);
  }, 20_000);
}

describe("tabs sharing one libzmq host (configure({ share: true }))", () => {
  let context: BrowserContext;
  let pages: Page[];

  it("configure({ share: true }) opens the tab's line to the host at once, and fixes the host", async () => {
    context = await browser.newContext();
    const idle = await openTab(context, "idle");
    const active = await openTab(context);
    // The idle tab made no socket and never asked for ready(): it is served.
    await eventually("the idle tab is one of the host's tabs", async () => (await tabs(active)) === 2);
    const errors = await idle.evaluate(() => {
      const { zmq } = window as never as Tab;
      zmq.configure({ share: true }); // the same again: nothing to change
      const configs: Array<Parameters<Zmq["configure"]>[0]> = [{ worker: () => new Worker("about:blank") }, { share: false }];
      return configs.map((config) => {
        try {
          zmq.configure(config);
          return "no error";
        } catch (error) {
          return `${(error as { code?: string }).code}: ${(error as Error).message}`;
        }
      });
    });
    assert.deepEqual(errors, [
      "EINVAL: configure({ worker }) must come before the first socket and configure({ share: true })",
      "EINVAL: configure({ share }) must come before the first socket",
    ]);
    await idle.close();
    await eventually("the idle tab, closed, is released", async () => (await tabs(active)) === 1);
    await context.close();
  });

  it("the host closes a tab that never says it holds its lock (it died in its first moments)", async () => {
    context = await browser.newContext();
    const page = await openTab(context, "idle");
    // The host script on its own, with a short wait, reached as two tabs
    // would: one says it holds its lock, the other never does.
    const tabCounts = await page.evaluate(async () => {
      const { wrap } = await import("/node_modules/comlink/dist/esm/comlink.mjs" as string);
      const open = (tab: string) => {
        const { port } = new SharedWorker("/dist/browser/shared-worker.js?tabLockWaitMs=1000", { type: "module", name: "lock-wait" });
        port.start();
        port.postMessage({ zwsTab: tab });
        return port;
      };
      const living = "zeromq-wasm/tab/e2e-living";
      await new Promise<void>((held) => void navigator.locks.request(living, () => (held(), new Promise(() => {}))));
      const livingPort = open(living);
      livingPort.postMessage({ zwsTabHeld: living });
      const dying = wrap(open("zeromq-wasm/tab/e2e-dying"));
      const api = wrap(livingPort);
      await Promise.all([api.start({}), dying.start({})]);
      const counts = [(await api.stats()).tabs as number];
      const since = performance.now();
      while ((await api.stats()).tabs !== 1 && performance.now() - since < 20_000) await new Promise((resolve) => setTimeout(resolve, 50));
      counts.push((await api.stats()).tabs as number);
      return counts;
    });
    assert.deepEqual(tabCounts, [2, 1], "both served at first; the one that never held its lock is closed");
    await context.close();
  });

  it("each tab receives only its own topics, from libzmq loaded once", async () => {
    context = await browser.newContext();
    const loadsBefore = wasmLoads;
    pages = [];
    for (let i = 0; i < 3; i++) pages.push(await openTab(context));
    await subscribe(pages[0]!, ["a"]);
    await subscribe(pages[1]!, ["b", "c"]);
    await subscribe(pages[2]!, ["c"]);
    for (const page of pages) await receivesMore(page, 3, "every tab keeps receiving");
    assert.deepEqual(Object.keys(await received(pages[0]!)).sort(), ["a"]);
    assert.deepEqual(Object.keys(await received(pages[1]!)).sort(), ["b", "c"]);
    assert.deepEqual(Object.keys(await received(pages[2]!)).sort(), ["c"]);
    assert.equal(wasmLoads - loadsBefore, 1, "libzmq (wasm) is fetched once for all tabs");
    for (const page of pages) assert.equal(await tabs(page), 3);
    assert.equal(await feedSockets(pages[0]!), 3);
    assert.equal(gateway.stats().open, 1, "the tabs' Subscribers share one connection to the endpoint");
  });

  it("the inspector in one tab lists the other tabs' sockets on the shared host, and its feed", async () => {
    const tab = pages[2]!;
    await tab.evaluate(async () => {
      const inspector = await import("/dist/inspector/index.js" as string);
      inspector.mount();
    });
    const shown = () =>
      tab.evaluate(() => {
        const root = document.querySelector("zmq-inspector")?.shadowRoot;
        const others = Array.from(root?.querySelectorAll<HTMLElement>("tr[data-tab]") ?? []);
        return {
          tabs: Number(root?.querySelector<HTMLElement>("[data-host-tabs]")?.dataset.hostTabs),
          others: others.map((row) => ({ type: row.dataset.type, receiving: Number(row.dataset.msgsIn) > 0, text: row.textContent })),
          feeds: Array.from(root?.querySelectorAll<HTMLElement>("tr[data-feed]") ?? []).map((row) => [row.dataset.feed, Number(row.dataset.subscribers)]),
        };
      });
    await eventually("the panel shows the other tabs' Subscribers receiving", async () => {
      const { others } = await shown();
      return others.length === 2 && others.every((row) => row.type === "Subscriber" && row.receiving);
    });
    const panel = await shown();
    assert.equal(panel.tabs, 3);
    for (const row of panel.others) assert.match(row.text!, new RegExp(`connect ${endpoints.pub.replace(/[.]/g, "\\.")}`));
    assert.deepEqual(panel.feeds, [[endpoints.pub, 3]]);
    await tab.evaluate(() => document.querySelector("zmq-inspector")?.remove());
  });

  it("a tab that closes, crashes or reloads releases its sockets", async () => {
    const [closing, crashing, reloading] = pages;
    await closing!.close();
    await eventually("closed: its Subscriber leaves the shared connection", async () => (await feedSockets(reloading!)) === 2);
    assert.equal(await tabs(reloading!), 2);
    assert.equal(gateway.stats().open, 1);

    const crashed = new Promise<void>((resolve) => crashing!.once("crash", () => resolve()));
    const cdp = await context.newCDPSession(crashing!);
    void cdp.send("Page.crash").catch(() => {}); // never answers: the target dies
    await within(crashed, 20_000, "the tab crashes");
    await eventually("crashed: its Subscriber leaves the shared connection", async () => (await feedSockets(reloading!)) === 1);
    assert.equal(await tabs(reloading!), 1);
    assert.equal(gateway.stats().open, 1);

    await reloading!.reload();
    assert.equal(await reloading!.evaluate(() => (window as never as Tab).pageReady), "ready");
    // Its last Subscriber gone, the shared connection closes.
    await eventually("reloaded: the old document's connection is released", () => gateway.stats().open === 0);
    assert.equal(await tabs(reloading!), 1);
    await context.close();
  });

  it("the host lost: subscribers resume on a new one, a pending request fails with EAGAIN", async () => {
    context = await browser.newContext();
    const [first, second] = [await openTab(context), await openTab(context)];
    await subscribe(first, ["a"]);
    await subscribe(second, ["b"]);
    await second.evaluate(
      ({ gateway, endpoint }) => {
        const tab = window as never as Tab;
        const req = new tab.zmq.Request();
        req.connect(endpoint, { gateway });
        tab.request = (async () => {
          await req.send("anyone?");
          try {
            return `answered: ${String(await req.receive())}`;
          } catch (error) {
            return `${(error as { code?: string }).code}`;
          }
        })();
      },
      { gateway: gateway.url, endpoint: endpoints.rep },
    );
    // The request has reached the REP.
    const [request] = await within(silentReply.receive(), 20_000, "the REP gets the request");
    assert.equal(String(request), "anyone?");

    const loadsBefore = wasmLoads;
    const cdp = await browser.newBrowserCDPSession();
    const { targetInfos } = await cdp.send("Target.getTargets");
    const host = targetInfos.filter((target) => target.type === "shared_worker");
    assert.equal(host.length, 1, "one SharedWorker hosts libzmq for both tabs");
    await cdp.send("Target.closeTarget", { targetId: host[0]!.targetId });

    assert.equal(await within(second.evaluate(() => (window as never as Tab).request!), 20_000, "the request settles"), "EAGAIN");
    await receivesMore(first, 3, "the first tab's subscriber resumes");
    await receivesMore(second, 3, "the second tab's subscriber resumes");
    assert.deepEqual(Object.keys(await received(first)), ["a"]);
    assert.deepEqual(Object.keys(await received(second)), ["b"]);
    assert.equal(wasmLoads - loadsBefore, 1, "the new host loads libzmq once");
    assert.equal(await tabs(first), 2);
    await context.close();
    await eventually("every gateway connection is released", () => gateway.stats().open === 0);
  });

  it("without SharedWorker a leader tab hosts; when it goes, the next leads and the others resume", async () => {
    context = await browser.newContext();
    const loadsBefore = wasmLoads;
    const [leader, follower, other] = [await openTab(context, "leader"), await openTab(context, "leader"), await openTab(context, "leader")];
    await subscribe(leader, ["a"]);
    await subscribe(follower, ["b"]);
    await subscribe(other, ["c"]);
    for (const page of [follower, other]) await receivesMore(page, 3, "the followers receive through the leader");
    assert.deepEqual(Object.keys(await received(follower)), ["b"]);
    assert.deepEqual(Object.keys(await received(other)), ["c"]);
    assert.equal(wasmLoads - loadsBefore, 1, "only the leader loads libzmq");
    assert.equal(await tabs(other), 3);

    await leader.close();
    await receivesMore(follower, 3, "the first follower's subscriber resumes on the next leader");
    await receivesMore(other, 3, "the other's subscriber resumes");
    assert.deepEqual(Object.keys(await received(other)), ["c"]);
    assert.equal(wasmLoads - loadsBefore, 2, "the next leader loads libzmq");
    assert.equal(await tabs(other), 2);
    await eventually("the old leader's connection is released", async () => (await feedSockets(other)) === 2);
    assert.equal(gateway.stats().open, 1, "one connection to the endpoint, from the new leader's host");

    // The first follower queued first for the leader's lock: it leads now.
    // Its follower goes: the leader releases its line, the host its sockets.
    await other.close();
    await eventually("the follower that closed is released", async () => (await tabs(follower)) === 1);
    await receivesMore(follower, 3, "the leader's own subscriber goes on");
    await context.close();
    await eventually("every gateway connection is released", () => gateway.stats().open === 0);
  });
});
