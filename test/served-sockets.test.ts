// The host side of the inspector's shared-host view (src/inspect/served-sockets.ts):
// each client's sockets, endpoints and counts, and every client of one host
// seen from any of them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pack } from "../src/frames.ts";
import { ServedClient } from "../src/inspect/served-sockets.ts";
import { PUB, SUB } from "../src/options.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("ServedClient (a host's clients, for the inspector)", () => {
  it("counts each client's traffic and endpoints, and shows every client of the host to each", () => {
    const host = {};
    const [first, second] = [new ServedClient(host), new ServedClient(host)];
    const elsewhere = new ServedClient({});
    assert.deepEqual([first.tab, second.tab, elsewhere.tab], [1, 2, 1], "tabs are numbered per host");

    first.created(1, SUB);
    first.received(1, pack([[bytes("before anyone asked: not counted")]]));
    assert.equal(first.inspectHost([]).sockets[0]!.traffic.messagesIn, 0, "nothing is counted until an inspector asks");
    first.endpoint(1, "connect", "tcp://127.0.0.1:5556", true);
    first.endpoint(1, "connect", "tcp://127.0.0.1:5557", true);
    first.endpoint(1, "connect", "tcp://127.0.0.1:5557", false);
    first.received(1, pack([[bytes("weather"), bytes("sunny")], [bytes("news")]]));
    second.created(1, PUB);
    second.endpoint(1, "bind", "tcp://127.0.0.1:6000", true);
    second.sent(1, [bytes("topic"), bytes("body")]);
    second.sent(99, [bytes("unknown socket: ignored")]);

    const seen = first.inspectHost([{ endpoint: "tcp://127.0.0.1:5556", subscribers: 1 }]);
    assert.equal(seen.tabs, 2);
    assert.deepEqual(seen.sockets, [
      { tab: 1, own: true, id: 1, type: "Subscriber", endpoints: [{ verb: "connect", address: "tcp://127.0.0.1:5556" }], traffic: { messagesIn: 2, bytesIn: 16, messagesOut: 0, bytesOut: 0 } },
      { tab: 2, own: false, id: 1, type: "Publisher", endpoints: [{ verb: "bind", address: "tcp://127.0.0.1:6000" }], traffic: { messagesIn: 0, bytesIn: 0, messagesOut: 1, bytesOut: 9 } },
    ]);
    assert.deepEqual(seen.feeds, [{ endpoint: "tcp://127.0.0.1:5556", subscribers: 1 }]);
    assert.equal(elsewhere.inspectHost([]).sockets.length, 0, "another host's clients are not shown");

    first.closed(1);
    second.gone();
    assert.deepEqual(first.inspectHost([]), { tabs: 1, sockets: [], feeds: [] });
  });
});
