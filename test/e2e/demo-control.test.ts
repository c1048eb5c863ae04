// The demo control (GET/POST /demo/control on npm start's server, see
// web-demo/demo-control.ts): it reports and switches the services, and the
// Lazy Pirate server fails at the rate it is given: stalls and crashes, a
// crash leaving it stopped until started again. Clients here are native
// zeromq-wasm sockets on the services' tcp:// endpoints.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Request, Subscriber } from "zeromq-wasm";
import type { Demo } from "../../web-demo/server/demo.ts";
import type { ControlState } from "../../web-demo/demo-control.ts";
import { startTestDemo } from "../support/demo.ts";

describe("web demo: the demo control", () => {
  let demo: Demo;
  let endpoints: { flaky: string; weather: string };
  const control = async (path = "", method = "GET") => {
    const response = await fetch(`${demo.url}/demo/control${path}`, { method });
    return { status: response.status, body: (await response.json()) as ControlState & { error?: string } };
  };
  /** One request on a fresh socket: the echo, or "no reply" after 500 ms. */
  const ask = async (text: string) => {
    const client = new Request({ receiveTimeout: 500, linger: 0 });
    client.connect(endpoints.flaky);
    try {
      await client.send(text);
      return (await client.receive())[0].toString();
    } catch (error) {
      if ((error as { code?: string }).code === "EAGAIN") return "no reply";
      throw error;
    } finally {
      client.close();
    }
  };

  before(async () => {
    demo = await startTestDemo({ tickerRate: 100, weatherRate: 100 });
    endpoints = (await (await fetch(`${demo.url}/demo-config.json`)).json()).endpoints;
  });
  after(async () => {
    await demo?.close();
  });

  it("GET reports every service running, and the flaky server's failure rate", async () => {
    const { status, body } = await control();
    assert.equal(status, 200);
    assert.deepEqual(body, {
      services: { hello: { running: true }, weather: { running: true }, ticker: { running: true }, flaky: { running: true, failureRate: 0 } },
    });
  });

  it("POST stop closes a service (a subscriber gets nothing), POST start brings it back", async () => {
    const stopped = await control("/weather/stop", "POST");
    assert.equal(stopped.body.services.weather.running, false);
    assert.equal(stopped.body.services.ticker.running, true);
    const subscriber = new Subscriber({ receiveTimeout: 1000 });
    subscriber.connect(endpoints.weather);
    subscriber.subscribe();
    try {
      await assert.rejects(subscriber.receive(), { code: "EAGAIN" });
      assert.equal((await control("/weather/start", "POST")).body.services.weather.running, true);
      subscriber.receiveTimeout = 5000;
      assert.match((await subscriber.receive())[0].toString(), /^\d{5} -?\d+\.\d \d+ \d+$/);
    } finally {
      subscriber.close();
    }
  });

  it("refuses what it does not know: a bad service, action or rate", async () => {
    assert.equal((await control("/nosuch/stop", "POST")).status, 404);
    assert.equal((await control("/weather/explode", "POST")).status, 404);
    assert.equal((await control("/flaky/failure-rate?value=2", "POST")).status, 400);
    assert.equal((await control("/flaky/failure-rate", "POST")).status, 400);
  });

  it("the flaky server answers every request at rate 0, and fails at rate 1 until it crashes (stopped until started)", async () => {
    for (let i = 0; i < 10; i++) assert.equal(await ask(`request ${i}`), `request ${i}`);
    assert.equal((await control("/flaky/failure-rate?value=1", "POST")).body.services.flaky.failureRate, 1);
    // A failure is a stall (no reply) or, one time in four, a crash.
    let asked = 0;
    while ((await control()).body.services.flaky.running) {
      assert.equal(await ask("doomed"), "no reply");
      assert.ok(++asked < 60, "crashed within 60 failed requests");
    }
    await control("/flaky/failure-rate?value=0", "POST");
    assert.equal(await ask("while down"), "no reply");
    assert.equal((await control("/flaky/start", "POST")).body.services.flaky.running, true);
    assert.equal(await ask("after restart"), "after restart");
  });

  it("at rate 0.3, about 3 requests in 10 go unanswered", async () => {
    await control("/flaky/failure-rate?value=0.3", "POST");
    let unanswered = 0;
    let asked = 0;
    for (; asked < 40; asked++) {
      if (!(await control()).body.services.flaky.running) await control("/flaky/start", "POST");
      if ((await ask(String(asked))) === "no reply") unanswered++;
    }
    await control("/flaky/failure-rate?value=0", "POST");
    // Binomial(40, 0.3): 12 expected; below 2 or above 25 is about one run in a million.
    assert.ok(unanswered >= 2 && unanswered <= 25, `${unanswered} of ${asked} unanswered`);
  });
});
