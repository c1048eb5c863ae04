/** Driving a tutorial page (web-demo/tutorials/view.ts) in the e2e tests:
 * its editor, its Run, and the page's console errors. */
import type { Page } from "playwright-core";

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

/** The text the editor shows in its current tab. */
export function editorText(page: Page): Promise<string> {
  return page.$$eval("[data-testid=editor] .cm-line", (lines) => lines.map((line) => line.textContent).join("\n"));
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
