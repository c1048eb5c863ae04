/**
 * When libzmq cannot load in the page's worker, the page says so as its
 * main content, with what to do about it, instead of staying blank.
 */
const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** What to try, from the error's text. */
export function fixFor(message: string): string {
  if (/SharedArrayBuffer|crossOriginIsolated|cross-origin isolat|Atomics/i.test(message)) {
    return `<p>This build needs a cross-origin isolated page (SharedArrayBuffer). Serve the page with these two headers:</p>
      <pre class="code">Cross-Origin-Opener-Policy: same-origin
Cross-Origin-Embedder-Policy: require-corp</pre>
      <p>or use the default build (<code>zeromq-wasm/browser</code>), which needs no isolation.</p>`;
  }
  return `<p>The page's Web Worker could not load libzmq (its script or <code>zmq.wasm</code>). Check the browser's
    network tab: the worker script and the <code>.wasm</code> file must come from this page's origin, the
    <code>.wasm</code> with <code>Content-Type: application/wasm</code>. After <code>npm run build:demo</code>, deploy the
    whole <code>dist-demo/</code> folder; in development, run <code>npm start</code> (it builds the package first).</p>`;
}

export function showStartupError(root: HTMLElement, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  root.innerHTML = `<div class="card startup-error" role="alert" data-testid="startup-error">
    <h2>libzmq could not start in this page</h2>
    <pre class="code">${escape(message)}</pre>
    ${fixFor(message)}
  </div>`;
  console.error(error);
}
