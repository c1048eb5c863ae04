// /healthz and /metrics: on a separate address when one is set, else on the
// gateway's port with /metrics behind the token.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { testGateway as gateway } from "../support/gateway.ts";

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.text() };
};

describe("gateway status endpoints", () => {
  it("serves /healthz and /metrics only on the metrics address when one is set", async () => {
    const gw = await gateway({ allow: ["127.0.0.1:5555"], metricsPort: 0 });
    assert.match(gw.metricsUrl ?? "", /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(gw.metricsUrl, gw.url.replace("ws:", "http:"));
    const main = gw.url.replace("ws:", "http:");
    assert.equal((await get(`${main}/metrics`)).status, 404);
    assert.equal((await get(`${main}/healthz`)).status, 404);
    const metrics = await get(`${gw.metricsUrl}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.body, /^zws_gateway_upgrades_pending 0$/m);
    assert.deepEqual(await get(`${gw.metricsUrl}/healthz`), { status: 200, body: "ok\n" });
    assert.equal((await get(`${gw.metricsUrl}/elsewhere`)).status, 404);
  });

  it("asks for the token on /metrics on the gateway's port when one is set; /healthz stays open", async () => {
    const gw = await gateway({ allow: ["127.0.0.1:5555"], token: "s3cret" });
    const main = gw.url.replace("ws:", "http:");
    assert.equal((await get(`${main}/metrics`)).status, 401);
    assert.equal((await get(`${main}/metrics`, { authorization: "Bearer wrong" })).status, 401);
    assert.equal((await get(`${main}/metrics`, { authorization: "Bearer s3cret" })).status, 200);
    assert.equal((await get(`${main}/metrics?token=s3cret`)).status, 200);
    assert.deepEqual(await get(`${main}/healthz`), { status: 200, body: "ok\n" });
  });
});
