/**
 * The operator's endpoints: GET /healthz ("ok", or 503 "closing") and
 * Prometheus GET /metrics. With a metrics address set they are served only
 * on their own listener (keep it on a private address); otherwise on the
 * gateway's port, where /metrics needs the token if one is set, because it
 * shows the refusal reasons that refused clients are never told.
 */
import * as http from "node:http";

export interface StatusSource {
  closing(): boolean;
  /** The metrics, rendered now. */
  metrics(): string;
  /** Whether the request may read /metrics. */
  authorized(req: http.IncomingMessage): boolean;
}

/** Answers /healthz or /metrics and returns true, or returns false. */
export function answerStatus(req: http.IncomingMessage, res: http.ServerResponse, source: StatusSource): boolean {
  const path = (req.url ?? "/").split("?")[0];
  if (req.method !== "GET") return false;
  if (path === "/healthz") {
    const closing = source.closing();
    res.writeHead(closing ? 503 : 200, { "content-type": "text/plain" }).end(closing ? "closing\n" : "ok\n");
  } else if (path === "/metrics") {
    if (source.authorized(req)) res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(source.metrics());
    else res.writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" }).end("Unauthorized\n");
  } else return false;
  return true;
}

/** The separate listener for /healthz and /metrics (no token asked). */
export async function listenStatus(host: string, port: number, source: StatusSource): Promise<http.Server> {
  const open = { ...source, authorized: () => true };
  const server = http.createServer((req, res) => {
    if (!answerStatus(req, res, open)) res.writeHead(404, { "content-type": "text/plain" }).end("zeromq-wasm gateway: /healthz, /metrics\n");
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
