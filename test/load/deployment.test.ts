// The deployment of README's "Deployment" section, small: a zeromq-wasm
// Publisher -> zeromq-wasm-proxy (XSUB/XPUB) -> nginx (examples/deployment/
// nginx.conf) -> 2 zeromq-wasm-gateway processes -> SUBSCRIBERS zeromq-wasm
// Subscribers in this process, each through nginx. Asserted: nginx spread
// the connections over both gateways, every subscriber got every message
// (a rate far under the HWM), the publisher holds one connection (to the
// proxy) however many subscribe, and everything is released at the end:
// both gateways back to 0 connections, nginx's and the proxy's descriptors
// back to where they were. The 5,000-subscriber version is a benchmark
// (test/bench/deployment.bench.ts).
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { WebSocket } from "ws";
import { configure, Publisher, Subscriber } from "../../dist/index.js";
import { deploymentUnavailable, establishedOn, fdCount, startDeployment, type Deployment } from "../support/deployment.ts";
import { eventually, sleep, within } from "../support/util.ts";

const SUBSCRIBERS = Number(process.env.DEPLOYMENT_SUBSCRIBERS ?? 200);
const MESSAGES = 50;

let deployment: Deployment | undefined;
after(async () => {
  await deployment?.stop();
});

describe(`deployment: publisher -> XSUB/XPUB proxy -> nginx -> 2 gateways -> ${SUBSCRIBERS} subscribers`, { skip: deploymentUnavailable }, () => {
  it("spreads the subscribers over both gateways, delivers every message to each, holds one publisher connection, releases everything", async () => {
    configure({ WebSocket: WebSocket as never }); // Node 20: the `ws` class
    const d = (deployment = await startDeployment({ gatewayCount: 2, maxConnections: 1000 }));
    const xsubPort = Number(new URL(d.publishTo.replace("tcp:", "http:")).port);
    const xpubPort = Number(d.feed.split(":")[1]);
    const baseline = { proxyFds: fdCount(d.proxyPid), nginxFds: d.nginxWorkers.map(fdCount) };

    const publisher = new Publisher({ linger: 0 });
    publisher.connect(d.publishTo);
    const gateway = new URL(d.url).origin.replace("http", "ws");
    const received = Array.from({ length: SUBSCRIBERS }, () => [] as number[]);
    const subscribers = received.map((seen) => {
      const sub = new Subscriber({ linger: 0 });
      sub.connect(`tcp://${d.feed}`, { gateway });
      sub.subscribe("feed");
      void (async () => {
        for await (const [, body] of sub) seen.push(Number(body.toString()));
      })().catch(() => {});
      return sub;
    });
    try {
      const perGateway = async () => Promise.all(d.gateways.map((g) => g.openConnections()));
      await eventually(`${SUBSCRIBERS} connections through nginx`, async () => (await perGateway()).reduce((a, b) => a + b) === SUBSCRIBERS, 30_000);
      const counts = await perGateway();
      assert.ok(counts.every((n) => n > 0), `both gateways hold connections: ${counts.join(", ")}`);
      // Eventually: under load a subscriber's connect can time out and be
      // made again, and the proxy holds the old one until it sees it close.
      await eventually("one proxy connection per subscriber, from the gateways", () => establishedOn(xpubPort) === SUBSCRIBERS, 30_000);
      assert.equal(establishedOn(xsubPort), 1, "the publisher holds one connection, to the proxy");

      // Subscriptions travel up through the proxy: announce until every
      // subscriber has heard something (seq -1), then the numbered feed.
      await eventually(
        "every subscriber subscribed",
        async () => {
          await publisher.send(["feed", "-1"]);
          await sleep(100);
          return received.every((seen) => seen.length > 0);
        },
        20_000,
      );
      for (let seq = 0; seq < MESSAGES; seq++) {
        await publisher.send(["feed", String(seq)]);
        await sleep(10);
      }
      const expected = Array.from({ length: MESSAGES }, (_, i) => i);
      const complete = (seen: number[]) => seen.filter((n) => n >= 0).join() === expected.join();
      await eventually("every subscriber got every message", () => received.every(complete), 20_000).catch((error) => {
        const short = received.filter((seen) => !complete(seen));
        console.log(`${short.length} subscribers short, e.g. ${JSON.stringify(short[0]?.filter((n) => n >= 0))}`);
        throw error;
      });
    } finally {
      for (const sub of subscribers) sub.close();
      publisher.close();
    }

    await eventually("both gateways back to 0 connections", async () => (await Promise.all(d.gateways.map((g) => g.openConnections()))).every((n) => n === 0), 20_000);
    await eventually("the proxy holds no subscriber connection", () => establishedOn(xpubPort) === 0 && establishedOn(xsubPort) === 0, 20_000);
    await eventually(
      "nginx's and the proxy's descriptors back to their baseline",
      () => fdCount(d.proxyPid) <= baseline.proxyFds && d.nginxWorkers.every((pid, i) => fdCount(pid) <= baseline.nginxFds[i]),
      20_000,
    );
    await within(d.stop(), 20_000, "deployment stop");
    deployment = undefined;
  });
});
