/**
 * One test, every host: `for (const host of testHosts("node", "page"))`
 * runs each test body against the Node API in this process and against
 * the page API in Chromium (sockets in the page's Worker host), with the
 * same assertions.
 *
 * A page body is sent as source text, so it may use only its parameters:
 * the context (zmq, assert, helpers), `args`, and the functions listed in
 * `uses` (sent along, by name).
 */
import nodeAssert from "node:assert/strict";
import { after, it } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium.ts";
import { hostContext, type HostContext, type HostName } from "./host-context.ts";
import { serveRepo, type StaticServer } from "./static-server.ts";

export type { HostContext, HostName };

export type TestBody<A> = (context: HostContext, args: A) => void | Promise<void>;

export interface HostTestOptions<A> {
  /** JSON-able values the body gets as its second parameter. */
  args?: A;
  /** Helper functions the body calls by name (sent to the page too). */
  uses?: Array<(...args: never[]) => unknown>;
}

export interface TestHost {
  readonly name: HostName;
  it<A = undefined>(title: string, body: TestBody<A>, options?: HostTestOptions<A>): void;
}

/** ZEROMQ_WASM_TEST_BUILD=threads: the Node host runs libzmq with threads
 * (dist/threads.js) and the page host is left out (a page always runs the
 * default build); test/threads.test.ts runs the suites so. */
const wasmBuild = process.env.ZEROMQ_WASM_TEST_BUILD === "threads" ? "threads" : "nothreads";

export function testHosts(...names: HostName[]): TestHost[] {
  return names.filter((name) => wasmBuild === "nothreads" || name === "node").map((name) => (name === "node" ? nodeHost : pageHost()));
}

const nodeHost: TestHost = {
  name: "node",
  it(title, body, options = {}) {
    it(title, async () => {
      const zmq: typeof import("../../dist/index.js") = wasmBuild === "nothreads" ? await import("../../dist/index.js") : await import("../../dist/threads.js");
      const context = hostContext("node", zmq, nodeAssert, {
        async bindAny(socket) {
          await socket.bind("tcp://127.0.0.1:*");
          return socket.lastEndpoint!;
        },
        keyPair: async () => zmq.curveKeyPair(),
        async failsLater(_socket, call, expected) {
          nodeAssert.throws(call, expected);
        },
      });
      try {
        await body(context, options.args as never);
      } finally {
        context.sockets.closeAll();
      }
    });
  },
};

/** One Chromium page per test file, made on first use. */
interface Session {
  browser: Browser;
  site: StaticServer;
  page: Page;
}
let session: Promise<Session> | undefined;

function pageHost(): TestHost {
  if (!session) after(async () => closeSession());
  return {
    name: "page",
    it(title, body, options = {}) {
      it(title, async () => {
        const { page } = await (session ??= openSession());
        const source = `(() => {\n${(options.uses ?? []).map((fn) => `const ${fn.name} = ${fn.toString()};`).join("\n")}\nreturn (${body.toString()});\n})()`;
        const failure = await page.evaluate(([source, args]) => (globalThis as never as Harness).runTest(source, args), [source, options.args] as const);
        if (failure) {
          await page.reload().then(() => page.evaluate(() => (globalThis as never as Harness).harnessReady));
          const error = new Error(`in the page: ${failure.message}`) as Error & { code?: string };
          error.code = failure.code;
          error.stack = `${error.message}\n${failure.stack ?? ""}`;
          throw error;
        }
      });
    },
  };
}

interface Harness {
  runTest(source: string, args: unknown): Promise<{ message: string; code?: string; stack?: string } | null>;
  harnessReady: Promise<string>;
}

async function openSession(): Promise<Session> {
  const harness = await build({
    entryPoints: [fileURLToPath(new URL("./page-harness.ts", import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    plugins: [
      {
        name: "page-api",
        // The page API as a page loads it: the built module, not a copy.
        setup: (b) => b.onResolve({ filter: /dist\/browser\/client\.js$/ }, () => ({ path: "/dist/browser/client.js", external: true })),
      },
    ],
  });
  const [browser, site] = await Promise.all([
    launchChromium(),
    serveRepo({
      isolated: true,
      extra: {
        "/__harness/page.html": '<!doctype html><meta charset="utf-8"><title>zeromq-wasm tests</title><script type="module" src="/__harness/harness.js"></script>',
        "/__harness/harness.js": harness.outputFiles[0].text,
      },
    }),
  ]);
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
  await page.goto(`${site.url}/__harness/page.html`);
  nodeAssert.equal(await page.evaluate(() => (globalThis as never as Harness).harnessReady), "ready");
  return { browser, site, page };
}

async function closeSession(): Promise<void> {
  if (!session) return;
  const { browser, site } = await session;
  session = undefined;
  await browser.close();
  await site.close();
}
