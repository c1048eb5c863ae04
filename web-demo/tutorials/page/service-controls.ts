/**
 * A gateway tutorial's demo services, when the demo server offers control
 * over them (npm start does; a static build does not): each one's state and
 * a Stop/Start button, and for the Lazy Pirate server its failure rate.
 *   [data-testid=service][data-service="<hello|weather|ticker|flaky>"]
 *     [data-testid=service-state]   running | stopped
 *     [data-testid=service-toggle]  Stop / Start
 *     [data-testid=failure-rate]    <select> 0..1 (flaky only)
 */
import type { DemoEndpoints } from "../../demo-config.ts";
import type { TutorialService } from "../tutorial.ts";
import { controlState, setFailureRate, startService, stopService, type ControlState, type ServiceName } from "../../demo-control.ts";

const serviceOf: Record<keyof DemoEndpoints, ServiceName> = {
  hello: "hello",
  weather: "weather",
  tickerSnapshot: "ticker",
  tickerUpdates: "ticker",
  flaky: "flaky",
};

const failureRates = [0, 0.1, 0.33, 0.5, 0.9, 1];

export async function mountServiceControls(element: HTMLElement, services: TutorialService[], say: (text: string) => void): Promise<void> {
  const names = [...new Set(services.map((s) => serviceOf[s.endpoint]))];
  const initial = names.length > 0 ? await controlState() : undefined;
  if (!initial) {
    element.hidden = true;
    return;
  }
  const rows = names.map((name) => {
    const row = document.createElement("li");
    row.dataset.testid = "service";
    row.dataset.service = name;
    const example = services.find((s) => serviceOf[s.endpoint] === name)?.example;
    const label = document.createElement("span");
    label.textContent = `demo service ${name}${example ? ` (${example})` : ""}`;
    const state = document.createElement("span");
    state.dataset.testid = "service-state";
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.testid = "service-toggle";
    row.append(label, " ", state, " ", button);
    let rate: HTMLSelectElement | undefined;
    if (name === "flaky") {
      rate = document.createElement("select");
      rate.dataset.testid = "failure-rate";
      rate.setAttribute("aria-label", "share of requests the server fails");
      for (const value of failureRates) rate.add(new Option(`fails ${Math.round(value * 100)}% of requests`, String(value)));
      rate.onchange = () => void act(() => setFailureRate(Number(rate!.value)));
      row.append(" ", rate);
    }
    element.append(row);
    return { name, state, button, rate };
  });
  const show = (control: ControlState) => {
    for (const row of rows) {
      const service: { running: boolean; failureRate?: number } = control.services[row.name];
      row.state.textContent = service.running ? "running" : "stopped";
      row.state.className = `service-state ${service.running ? "running" : "stopped"}`;
      row.button.textContent = service.running ? "Stop" : "Start";
      row.button.onclick = () => void act(() => (service.running ? stopService(row.name) : startService(row.name)));
      if (row.rate && service.failureRate !== undefined) {
        // Keep a rate set elsewhere visible even if it is not one of ours.
        if (![...row.rate.options].some((o) => Number(o.value) === service.failureRate)) {
          row.rate.add(new Option(`fails ${Math.round(service.failureRate * 100)}% of requests`, String(service.failureRate)));
        }
        row.rate.value = String(service.failureRate);
      }
    }
  };
  const act = async (call: () => Promise<ControlState>) => {
    for (const row of rows) row.button.disabled = true;
    try {
      show(await call());
    } catch (error) {
      say(`demo control: ${(error as Error).message}`);
    } finally {
      for (const row of rows) row.button.disabled = false;
    }
  };
  show(initial);
  element.hidden = false;
}
