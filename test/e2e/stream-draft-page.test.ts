// Stream and the draft sockets on a web page (issue 14, items 3 and 4):
// the page's sockets live in the Worker host and reach Node peers through
// the gateway, a byte pipe, so a Stream talks to a plain TCP server and a
// draft Client or Dish to a native Server or Radio.
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import * as draft from "zeromq/draft.js";
import { createGateway, type Gateway } from "../../dist/gateway/server.js";
import { launchChromium } from "../support/chromium.ts";
import { serveRepo, type StaticServer } from "../support/static-server.ts";

let browser: Browser;
let site: StaticServer;
const closing: Array<() => unknown> = [];

before(async () => {
  [browser, site] = await Promise.all([launchChromium(), serveRepo({ isolated: true })]);
});
after(async () => {
  for (const close of closing.reverse()) await close();
  await browser?.close();
  await site?.close();
});

async function gatewayFor(endpoint: string): Promise<string> {
  const gateway: Gateway = await createGateway({ port: 0, allow: [endpoint.replace("tcp://", "")], origins: [site.url], log: false });
  closing.push(() => gateway.close());
  return gateway.url;
}

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  closing.push(() => page.close());
  page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${site.url}/test/e2e/page.html`);
  assert.equal(await page.evaluate(() => (window as never as { pageReady: Promise<string> }).pageReady), "ready");
  return page;
}

type PageDraft = typeof import("../../dist/browser/draft.js");

describe("Stream and draft sockets on a page (Chromium)", () => {
  it("a Stream connects through the gateway to a plain TCP server", async () => {
    const tcp: TcpServer = createServer((peer) => peer.on("data", (chunk) => peer.write(`echo:${chunk}`)));
    tcp.listen(0, "127.0.0.1");
    await once(tcp, "listening");
    closing.push(() => tcp.close());
    const endpoint = `tcp://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
    const gateway = await gatewayFor(endpoint);
    const page = await openPage();
    const seen = await page.evaluate(
      async ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        zmq.configure({ gateway });
        const stream = new zmq.Stream({ linger: 0 });
        stream.connect(endpoint, { routingId: "to-server" });
        const [id, notice] = await stream.receive();
        await stream.send(["to-server", "hello"]);
        const [from, reply] = await stream.receive();
        stream.close();
        return [id.toString(), notice.length, from.toString(), reply.toString()];
      },
      { gateway, endpoint },
    );
    assert.deepEqual(seen, ["to-server", 0, "to-server", "echo:hello"]);
  });

  it("a draft Client reaches a native Server, which answers by routingId", async () => {
    const server = new draft.Server();
    closing.push(() => server.close());
    await server.bind("tcp://127.0.0.1:*");
    const endpoint = server.lastEndpoint!;
    const gateway = await gatewayFor(endpoint);
    void (async () => {
      for await (const [message, { routingId }] of server) await server.send(`echo:${message}`, { routingId });
    })();
    const page = await openPage();
    const reply = await page.evaluate(
      async ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        const path = "/dist/browser/draft.js";
        const { Client } = (await import(path)) as PageDraft;
        zmq.configure({ gateway });
        const client = new Client();
        client.connect(endpoint);
        await client.send("from the page");
        const [answer] = await client.receive();
        client.close();
        return answer.toString();
      },
      { gateway, endpoint },
    );
    assert.equal(reply, "echo:from the page");
  });

  it("a Dish joins a native Radio's group through the gateway and gets the group with each message", async () => {
    const radio = new draft.Radio();
    closing.push(() => radio.close());
    await radio.bind("tcp://127.0.0.1:*");
    const endpoint = radio.lastEndpoint!;
    const gateway = await gatewayFor(endpoint);
    let stop = false;
    closing.push(() => (stop = true));
    void (async () => {
      // A Radio drops what no Dish has joined yet: publish until stopped.
      while (!stop) {
        await radio.send("skip", { group: "other" });
        await radio.send("headline", { group: "news" });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const page = await openPage();
    const got = await page.evaluate(
      async ({ gateway, endpoint }) => {
        const { zmq } = window as never as { zmq: typeof import("../../dist/browser/client.js") };
        const path = "/dist/browser/draft.js";
        const { Dish } = (await import(path)) as PageDraft;
        zmq.configure({ gateway });
        const dish = new Dish();
        dish.connect(endpoint);
        dish.join("news");
        const [message, { group }] = await dish.receive();
        dish.close();
        return [message.toString(), group.toString()];
      },
      { gateway, endpoint },
    );
    stop = true;
    assert.deepEqual(got, ["headline", "news"]);
  });
});
