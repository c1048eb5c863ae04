/**
 * Stop/start buttons for the dashboard's feeds, through the demo control
 * (web-demo/demo-control.ts): stop a publisher, watch the page mark it
 * down and its values stale, start it again and watch the page recover,
 * without a reload. Shown only where the control answers (npm start).
 */
import { controlState, startService, stopService, type ControlState, type ServiceName } from "../demo-control.ts";

const feeds: { name: ServiceName; label: string }[] = [
  { name: "weather", label: "weather feed" },
  { name: "ticker", label: "ticker feed" },
];

export async function mountFeedControls(root: HTMLElement): Promise<void> {
  const initial = await controlState();
  if (!initial) return; // no control here (a static build)
  root.innerHTML = `<span>Demo control:</span>${feeds
    .map(({ name }) => `<button type="button" data-testid="control-${name}" data-service="${name}"></button>`)
    .join("")}<span class="control-error" data-testid="control-error"></span>`;
  root.hidden = false;
  const errorEl = root.querySelector<HTMLElement>(".control-error")!;
  const show = (state: ControlState) => {
    for (const { name, label } of feeds) {
      const button = root.querySelector<HTMLButtonElement>(`[data-service=${name}]`)!;
      const running = state.services[name].running;
      button.textContent = running ? `Stop ${label}` : `Start ${label}`;
      button.dataset.running = String(running);
    }
  };
  show(initial);
  root.onclick = async (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>("button[data-service]");
    if (!button) return;
    const name = button.dataset.service as ServiceName;
    button.disabled = true;
    try {
      show(await (button.dataset.running === "true" ? stopService(name) : startService(name)));
      errorEl.textContent = "";
    } catch (error) {
      errorEl.textContent = (error as Error).message;
    } finally {
      button.disabled = false;
    }
  };
}
