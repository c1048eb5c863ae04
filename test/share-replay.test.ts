// The replay log of a tab sharing a host (src/backend/replay.ts): what it
// makes again on a new host, compacted, and how calls the lost host never
// answered settle. The host here records the calls it gets (a new one per
// "host"), as a comlink remote whose port has moved would deliver them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Remote } from "comlink";
import type { WorkerApi } from "../src/backend/protocol.ts";
import { ReplayLog } from "../src/backend/replay.ts";
import { pack } from "../src/frames.ts";
import { REP, REQ, SUB } from "../src/options.ts";

type Call = [string, unknown[]];

/** What a receive that got nothing answers. */
const empty = () => ({ batch: pack([]), events: 0 });

/** Calls go to the current host; `answering: false` leaves them pending. */
function hosts() {
  let current = { calls: [] as Call[], answering: true, received: empty() };
  const api = new Proxy({}, {
    get: (_, method: string) => (...args: unknown[]) => {
      current.calls.push([method, args]);
      return current.answering ? Promise.resolve(method === "receive" ? current.received : undefined) : new Promise(() => {});
    },
  }) as Remote<WorkerApi>;
  return {
    api,
    get host() {
      return current;
    },
    replace(answering = true) {
      current = { calls: [], answering, received: empty() };
    },
  };
}

/** A log over hosts(), with context 1 and Subscriber 2 made. */
async function subscriberOnHost(options: Array<[string, unknown]>) {
  const hosted = hosts();
  const log = new ReplayLog();
  const remote = log.replaying(hosted.api);
  await remote.createContext(1, [], true);
  await remote.create(2, SUB, 1, options);
  return { hosted, api: hosted.api, replace: () => hosted.replace(), log, remote };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe("the replay log of a shared host's tab", () => {
  it("replays what shapes each socket, compacted, in order", async () => {
    const { hosted, api, replace, log, remote } = await subscriberOnHost([["linger", 0]]);
    await remote.setOption(2, "routingId", "a");
    await remote.connect(2, "tcp://127.0.0.1:1", {});
    await remote.connect(2, "tcp://127.0.0.1:2", {});
    await remote.disconnect(2, "tcp://127.0.0.1:1");
    await remote.subscribe(2, true, bytes("x"));
    await remote.subscribe(2, true, bytes("y"));
    await remote.subscribe(2, true, bytes("y"));
    await remote.subscribe(2, false, bytes("y"));
    await remote.setOption(2, "routingId", "b");
    await remote.create(3, SUB, 1, []);
    await remote.close(3);
    assert.ok(hosted.host.calls.length > 0);

    log.lost();
    replace();
    await log.restore(api, { gateway: "ws://g" });
    assert.deepEqual(
      callsAsText(hosted.host),
      [
        ["start", [{ gateway: "ws://g" }]],
        ["createContext", [1, [], true]],
        ["create", [2, SUB, 1, [["linger", 0]]]],
        ["setOption", [2, "routingId", "b"]],
        ["connect", [2, "tcp://127.0.0.1:2", {}]],
        ["subscribe", [2, true, "x"]],
        ["subscribe", [2, true, "y"]],
      ],
    );
  });

  it("a lost host's calls: a subscriber waits again, a REQ's request fails with EAGAIN", async () => {
    const { hosted, api, replace, log, remote } = await subscriberOnHost([]);
    await remote.create(3, REQ, 1, []);
    await remote.send(3, new Uint8Array() as never);
    hosted.host.answering = false;
    const subscriber = remote.receive(2, 10);
    const request = remote.receive(3, 10);
    const sendPending = remote.send(2, new Uint8Array() as never);

    log.lost();
    replace();
    await assert.rejects(request, { code: "EAGAIN" });
    await assert.rejects(sendPending, { code: "EAGAIN" });
    await log.restore(api, {});
    assert.deepEqual(await subscriber, { batch: pack([]), events: 0 });
    assert.deepEqual(hosted.host.calls.map(([method]) => method), ["start", "createContext", "create", "create", "receive"]);
  });
});

describe("a REP holding a request when the host is lost", () => {
  it("drops its reply, as libzmq drops a reply whose requester has gone, and takes the next request", async () => {
    const { hosted, api, replace, log, remote } = await subscriberOnHost([]);
    await remote.create(3, REP, 1, []);
    hosted.host.received = { batch: pack([[bytes("request")]]), events: 0 };
    await remote.receive(3, 1);

    log.lost();
    replace();
    await log.restore(api, {});
    // A send (the remote's call, or one RemoteHost posts) has nothing to answer there.
    assert.equal(await remote.send(3, bytes("reply") as never), undefined);
    assert.equal(hosted.host.calls.some(([method]) => method === "send"), false, "the dropped reply never reaches the new host");
    // The next request is the new host's, and its reply goes.
    hosted.host.received = { batch: pack([[bytes("next")]]), events: 0 };
    await remote.receive(3, 1);
    await remote.send(3, bytes("reply") as never);
    assert.equal(hosted.host.calls.filter(([method]) => method === "send").length, 1);
  });

  it("a reply RemoteHost posts is dropped the same way, once", async () => {
    const { hosted, api, replace, log, remote } = await subscriberOnHost([]);
    await remote.create(3, REP, 1, []);
    assert.equal(log.posting(3), true, "a REP holding no request posts");
    hosted.host.received = empty();
    await remote.receive(3, 1);
    log.lost();
    replace();
    await log.restore(api, {});
    assert.equal(log.posting(3), true, "an empty receive held no request: its send posts");

    hosted.host.received = { batch: pack([[bytes("request")]]), events: 0 };
    await remote.receive(3, 1);
    log.lost();
    replace();
    await log.restore(api, {});
    assert.equal(log.posting(3), false, "the reply to the lost host's request is dropped");
    assert.equal(log.posting(3), true, "only that one");
  });
});

/** Calls with Uint8Array arguments as text, for comparing. */
function callsAsText(host: { calls: Call[] }): Call[] {
  return host.calls.map(([method, args]) => [method, args.map((arg) => (arg instanceof Uint8Array ? new TextDecoder().decode(arg) : arg))]);
}
