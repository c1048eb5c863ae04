/**
 * The panel's markup for a list of sockets: one row per socket, its
 * endpoints listed in it. data-* attributes carry the raw values (tests
 * and scripts read those, not the text).
 */
import type { EndpointState } from "./endpoint-state.js";
import type { HostSocketView, SharedHostView } from "./host-view.js";
import type { SocketView } from "./sockets-view.js";

export const STYLE = `
:host { position: fixed; right: 8px; bottom: 8px; z-index: 2147483647; max-width: min(900px, calc(100vw - 16px));
  max-height: 50vh; overflow: auto; font: 12px/1.4 ui-monospace, monospace; color: #e8e8e8; background: #1d1f23ee;
  border: 1px solid #444; border-radius: 6px; box-shadow: 0 4px 16px #0008; }
header { display: flex; justify-content: space-between; padding: 4px 8px; background: #2a2d33; position: sticky; top: 0; }
button { font: inherit; color: inherit; background: none; border: 0; cursor: pointer; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 2px 8px; vertical-align: top; white-space: nowrap; }
th { color: #9aa; font-weight: normal; }
tr + tr td { border-top: 1px solid #333; }
.connected, .listening { color: #7c7; } .retrying, .connecting { color: #dc6; }
.failed, .disconnected, .closed { color: #e77; } .error { color: #e99; white-space: normal; }
.empty { padding: 8px; color: #9aa; }
h2 { font: inherit; color: #9aa; margin: 8px 8px 2px; }
`;

export function renderSockets(sockets: readonly SocketView[]): string {
  if (sockets.length === 0) return `<p class="empty">No open sockets.</p>`;
  return `<table><thead><tr><th>socket</th><th>endpoints</th><th>in</th><th>out</th><th>waiting</th><th>reconnects</th><th>last error</th></tr></thead><tbody>${sockets.map(renderSocket).join("")}</tbody></table>`;
}

function renderSocket(socket: SocketView): string {
  const { rates } = socket;
  return (
    `<tr data-socket="${socket.id}" data-type="${escape(socket.type)}" data-msgs-in="${rates.messagesIn}" data-msgs-out="${rates.messagesOut}"` +
    ` data-reconnects="${socket.reconnects}">` +
    `<td>${escape(socket.type)} #${socket.id}</td>` +
    `<td>${socket.endpoints.map(renderEndpoint).join("<br>") || "none"}</td>` +
    `<td>${rate(rates.messagesIn, rates.bytesIn)}</td>` +
    `<td>${rate(rates.messagesOut, rates.bytesOut)}</td>` +
    `<td>${waiting(socket)}</td>` +
    `<td>${socket.reconnects}</td>` +
    `<td class="error">${escape(socket.lastError ?? "")}</td></tr>`
  );
}

/** A shared host's part: the other tabs' sockets, then its feeds. */
export function renderHost(host: SharedHostView): string {
  const heading = `<h2 data-host-tabs="${host.tabs}">Shared host: ${host.tabs} tab${host.tabs === 1 ? "" : "s"}; other tabs' sockets</h2>`;
  const sockets =
    host.sockets.length === 0
      ? `<p class="empty">None.</p>`
      : `<table><thead><tr><th>socket</th><th>endpoints</th><th>in</th><th>out</th></tr></thead><tbody>${host.sockets.map(renderHostSocket).join("")}</tbody></table>`;
  const feeds =
    host.feeds.length === 0
      ? ""
      : `<h2>Shared upstream connections</h2><table><thead><tr><th>endpoint</th><th>subscribers</th></tr></thead><tbody>` +
        host.feeds.map((feed) => `<tr data-feed="${escape(feed.endpoint)}" data-subscribers="${feed.subscribers}"><td>${escape(feed.endpoint)}</td><td>${feed.subscribers}</td></tr>`).join("") +
        `</tbody></table>`;
  return heading + sockets + feeds;
}

function renderHostSocket(socket: HostSocketView): string {
  const { rates } = socket;
  return (
    `<tr data-tab="${socket.tab}" data-type="${escape(socket.type)}" data-msgs-in="${rates.messagesIn}" data-msgs-out="${rates.messagesOut}">` +
    `<td>${escape(socket.type)} #${socket.id}, tab ${socket.tab}</td>` +
    `<td>${socket.endpoints.map((endpoint) => `${endpoint.verb} ${escape(endpoint.address)}`).join("<br>") || "none"}</td>` +
    `<td>${rate(rates.messagesIn, rates.bytesIn)}</td>` +
    `<td>${rate(rates.messagesOut, rates.bytesOut)}</td></tr>`
  );
}

function renderEndpoint(endpoint: EndpointState): string {
  const cls = endpoint.state.replace(/^.* /, "");
  const retry = endpoint.state === "retrying" && endpoint.retryMs !== undefined ? ` in ${endpoint.retryMs} ms` : "";
  const peers = endpoint.verb === "bind" ? `, ${endpoint.peers} peer${endpoint.peers === 1 ? "" : "s"}` : "";
  return (
    `<span data-endpoint="${escape(endpoint.address)}" data-state="${endpoint.state}" data-reconnects="${endpoint.reconnects}">` +
    `${endpoint.verb === "unknown" ? "" : `${endpoint.verb} `}${escape(endpoint.address)} ${stateText(endpoint.state, cls, retry)}${peers}</span>`
  );
}

function stateText(state: EndpointState["state"], cls: string, retry: string): string {
  // States come from events seen while the panel is open.
  if (state === "unknown") return `<b title="no event since the panel opened">–</b>`;
  return `<b class="${cls}">${state}${retry}</b>`;
}

function waiting(socket: SocketView): string {
  const parts = [];
  if (socket.inbox > 0 || socket.readable) parts.push(`${socket.inbox}${socket.readable ? "+" : ""} to receive`);
  if (socket.sendsWaiting > 0) parts.push(`${socket.sendsWaiting} to send`);
  return parts.join(", ") || "0";
}

function rate(messages: number, bytes: number): string {
  return `${messages.toFixed(messages < 10 ? 1 : 0)} msg/s<br>${bytesText(bytes)}/s`;
}

function bytesText(bytes: number): string {
  if (bytes < 1000) return `${bytes.toFixed(0)} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
