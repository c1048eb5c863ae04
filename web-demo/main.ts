// The demo app: loads libzmq in its worker, points it at the gateway, and
// routes between the dashboard and the tutorials (#/, #/tutorials/<id>).
import { configure, ready, version } from "zeromq-wasm/browser";
import { mountDashboard } from "./dashboard/dashboard.ts";
import { gatewayUrl, loadPageConfig } from "./page-config.ts";
import { mountTutorial, tutorialList } from "./tutorials/view.ts";

const app = document.querySelector<HTMLElement>("#app")!;
const status = document.querySelector<HTMLElement>("[data-testid=status]")!;

const config = await loadPageConfig();
try {
  configure({ gateway: gatewayUrl(config) });
  await ready();
  status.textContent = `libzmq ${await version()} in a Web Worker`;
} catch (error) {
  status.textContent = (error as Error).message;
  throw error;
}

let unmount: () => void = () => {};
async function route(): Promise<void> {
  unmount();
  unmount = () => {};
  const path = location.hash.replace(/^#/, "") || "/";
  const tutorial = /^\/tutorials\/([\w-]+)$/.exec(path);
  if (tutorial) unmount = await mountTutorial(app, tutorial[1], config);
  else if (path === "/tutorials") app.innerHTML = tutorialList();
  else unmount = mountDashboard(app, config);
}
window.addEventListener("hashchange", () => void route());
await route();
