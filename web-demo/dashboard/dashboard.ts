import type { PageConfig } from "../demo-config.ts";
export function mountDashboard(root: HTMLElement, _config: PageConfig): () => void {
  root.innerHTML = "<p>dashboard: work in progress</p>";
  return () => {};
}
