// A team's test of its own page with zeromq-wasm/testing/playwright: the
// page (../page/index.html) shows a feed and answers a button from a
// service; the test scripts both on the native side.
import { CRASH } from "zeromq-wasm/testing";
import { expect, test } from "zeromq-wasm/testing/playwright";

// EXPECT_WRONG=1 makes one expectation wrong, so the kit's own test can
// check that a failing expectation fails the run.
const lastTemperature = process.env.EXPECT_WRONG ? "weather 99" : "weather 23";

test("shows the feed and asks the service", async ({ page, zmq }) => {
  const feed = await zmq.publisher({ messages: [["weather", "21"], ["weather", "22"], ["weather", "23"]] });
  const service = await zmq.reply({ answer: ([question]) => `you asked: ${question}` });
  const site = await zmq.site({ allow: [feed, service] });
  await page.goto(site.pageUrl("/", { gateway: site.gatewayUrl, feed: feed.endpoint, service: service.endpoint }));

  await expect(page.locator("#feed li")).toHaveText(["weather 21", "weather 22", lastTemperature]);
  await page.getByRole("button", { name: "Ask" }).click();
  await expect(page.locator("#answer")).toHaveText("you asked: question 1");
});

test("shows the feed reconnecting while the publisher is down, and live again when it is back", async ({ page, zmq }) => {
  // CRASH: the publisher drops every connection there and stays down.
  const feed = await zmq.publisher({ messages: ["before", CRASH, "after"] });
  const service = await zmq.reply({ answer: () => "" });
  const site = await zmq.site({ allow: [feed, service] });
  await page.goto(site.pageUrl("/", { gateway: site.gatewayUrl, feed: feed.endpoint, service: service.endpoint }));

  await feed.waitForDisconnect();
  await expect(page.locator("#state")).toHaveText("reconnecting");
  await feed.restart();
  await feed.waitForHandshake(2);
  await expect(page.locator("#state")).toHaveText("live");
  await expect(page.locator("#feed li")).toHaveText(["before", "after"]);
});
