/** Driving a tutorial page (web-demo/tutorials/view.ts) in the e2e tests:
 * its editor, its Run, and the page's console errors. */
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { PageConfig } from "../../web-demo/demo-config.ts";
import type { Demo } from "../../web-demo/server/demo.ts";
import { launchChromium } from "./chromium.ts";
import { startTestDemo } from "./demo.ts";

/** Console errors and uncaught exceptions of a page, from now on. `ignore`
 * leaves out the ones a test causes on purpose (a gateway it stopped). */
export function consoleErrors(page: Page, ignore: (text: string) => boolean = () => false): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !ignore(message.text())) errors.push(`console.error: ${message.text()}`);
  });
  return errors;
}

/** Opens a tutorial and waits for libzmq and the editor. */
export async function openTutorial(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector("[data-testid=status]")?.textContent?.startsWith("libzmq"), null, { timeout: 30_000 });
  await page.waitForSelector("[data-testid=editor] .cm-content", { timeout: 30_000 });
}

/** The text the editor holds in its current tab (all of it: the DOM has
 * only the lines in view). */
export function editorText(page: Page): Promise<string> {
  return page.$eval("[data-testid=editor]", (editor) => (editor as HTMLElement & { text: string }).text);
}

/** Shows a tab (a program's file, or a service's). */
export async function selectTab(page: Page, file: string): Promise<void> {
  await page.click(`[data-testid=tab][data-file="${file}"]`);
}

/** Replaces the current tab's text as a reader would, typing into the editor. */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.click("[data-testid=editor] .cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

export async function tutorialStatus(page: Page): Promise<string> {
  return (await page.textContent("[data-testid=tutorial-status]")) ?? "";
}

/** Waits for the run to end: its outcome. */
export async function runOutcome(page: Page, timeout = 30_000): Promise<string> {
  await page.waitForFunction(
    () => ["done", "failed", "stopped"].includes(document.querySelector("[data-testid=tutorial-status]")?.textContent ?? ""),
    null,
    { timeout },
  );
  return tutorialStatus(page);
}

export async function output(page: Page): Promise<string> {
  return (await page.textContent("[data-testid=output]")) ?? "";
}

export interface TutorialPages {
  demo: Demo;
  /** The running demo's config (its endpoints are not the Guide's ports). */
  config: PageConfig;
  browser: Browser;
  /** A fresh page for each test; its console errors fail the test. */
  page: Page;
  errors: string[];
  /** Console errors a test causes on purpose. */
  ignore?: RegExp;
}

/** Inside a describe: the demo on its own ports, Chromium, and a fresh
 * page per test whose console errors and uncaught exceptions fail it. */
export function useTutorialPages(): TutorialPages {
  const pages = {} as TutorialPages;
  before(async () => {
    pages.demo = await startTestDemo({ tickerRate: 200 });
    pages.config = (await (await fetch(`${pages.demo.url}/demo-config.json`)).json()) as PageConfig;
    pages.browser = await launchChromium();
  });
  after(async () => {
    await pages.browser?.close();
    await pages.demo?.close().catch(() => {});
  });
  beforeEach(async () => {
    pages.page = await pages.browser.newPage();
    pages.errors = consoleErrors(pages.page, (text) => pages.ignore?.test(text) ?? false);
  });
  afterEach(async () => {
    await pages.page.close();
    assert.deepEqual(pages.errors, []);
  });
  return pages;
}
