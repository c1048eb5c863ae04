// The demo app: loads libzmq in its worker, points it at the gateway, and
// routes between the dashboard and the tutorials (#/, #/tutorials/<id>).
// Ctrl+Shift+Z opens the socket inspector on any of them.
import { configure, ready, version } from "zeromq-wasm/browser";
import * as inspector from "zeromq-wasm/inspector";
import { mountDashboard } from "./dashboard/dashboard.ts";
import { gatewayUrl, loadPageConfig } from "./page-config.ts";
import { showStartupError } from "./startup-error.ts";
import { mountTutorial, tutorialList } from "./tutorials/view.ts";

const app = document.querySelector<HTMLElement>("#app")!;
const status = document.querySelector<HTMLElement>("[data-testid=status]")!;

let unmount: () => void = () => {};
/** Counts routes: a mount that finishes after a later route began is stale. */
let currentRoute = 0;

inspector.shortcut();
const config = await loadPageConfig();
if (await startLibzmq()) {
  window.addEventListener("hashchange", () => void route());
  await route();
}

/** Loads libzmq in the worker; false (and the page says why) if it cannot. */
async function startLibzmq(): Promise<boolean> {
  try {
    configure({ gateway: gatewayUrl(config) });
    await ready();
    status.textContent = `libzmq ${await version()} in a Web Worker`;
    return true;
  } catch (error) {
    status.textContent = "libzmq did not load";
    showStartupError(app, error);
    return false;
  }
}

async function route(): Promise<void> {
  const mine = ++currentRoute;
  unmount();
  unmount = () => {};
  // A fresh container per route: a mount still loading when the reader
  // moves on writes only into its own container, no longer on the page.
  const view = document.createElement("div");
  app.replaceChildren(view);
  const path = location.hash.replace(/^#/, "") || "/";
  const tutorial = /^\/tutorials\/([\w-]+)$/.exec(path);
  if (tutorial) {
    const unmountTutorial = await mountTutorial(view, tutorial[1], config);
    if (mine === currentRoute) unmount = unmountTutorial;
    else unmountTutorial(); // overtaken while loading: stop it at once
  } else if (path === "/tutorials") view.innerHTML = tutorialList();
  else unmount = mountDashboard(view, config);
}
