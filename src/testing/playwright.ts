/**
 * zeromq-wasm/testing/playwright: Playwright's `test` with a `zmq` fixture
 * that starts scripted peers and the page's site (gateway and page server)
 * for a test and stops them all after it, whatever its outcome. The page
 * directory can be set once in the config or a file: test.use({ zmqPages }).
 *
 *   test("shows the feed", async ({ page, zmq }) => {
 *     const pub = await zmq.publisher({ messages: [["weather", "21"]] });
 *     const site = await zmq.site({ allow: [pub] });
 *     await page.goto(site.pageUrl("/", { gateway: site.gatewayUrl, feed: pub.endpoint }));
 *     await expect(page.locator("#temperature")).toHaveText("21");
 *   });
 */
import { test as base } from "@playwright/test";
import { startPublisher, type PublisherOptions, type ScriptedPublisher } from "./publisher.js";
import { startReply, type ReplyOptions, type ScriptedReply } from "./reply.js";
import { startSite, type Site, type SiteOptions } from "./site.js";

export { expect } from "@playwright/test";

export interface ZeromqFixture {
  /** A scripted PUB (see zeromq-wasm/testing startPublisher). */
  publisher(options: PublisherOptions): Promise<ScriptedPublisher>;
  /** A scripted REP (see startReply). */
  reply(options: ReplyOptions): Promise<ScriptedReply>;
  /** The gateway (allowing `allow`: start the peers first) and the page
   * server; `pages` defaults to the zmqPages option. */
  site(options: Omit<SiteOptions, "pages"> & { pages?: string }): Promise<Site>;
}

/** Options for the config's `use` (defineConfig<ZeromqOptions>) or test.use(). */
export interface ZeromqOptions {
  /** The page directory zmq.site() serves unless told otherwise. */
  zmqPages: string | undefined;
}

export const test = base.extend<{ zmq: ZeromqFixture } & ZeromqOptions>({
  zmqPages: [undefined, { option: true }],
  zmq: async ({ zmqPages }, use) => {
    const started: Array<{ close(): Promise<void> }> = [];
    const track = async <T extends { close(): Promise<void> }>(starting: Promise<T>): Promise<T> => {
      const thing = await starting;
      started.push(thing);
      return thing;
    };
    await use({
      publisher: (options) => track(startPublisher(options)),
      reply: (options) => track(startReply(options)),
      site: ({ pages = zmqPages, ...options }) => {
        if (pages === undefined) throw new Error("zmq.site(): give { pages } or set the zmqPages option (test.use({ zmqPages: dir }))");
        return track(startSite({ pages, ...options }));
      },
    });
    // The site first (pages disconnect from the peers), then the peers;
    // every one is closed even if one fails, and the first failure (a
    // script's error) fails the test.
    const results = await Promise.allSettled(started.reverse().map((thing) => thing.close()));
    const failed = results.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  },
});
