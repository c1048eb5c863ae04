/** Gateway counters, rendered in Prometheus' text format for /metrics. */

export class Metrics {
  connectionsOpen = 0;
  connectionsTotal = 0;
  /** Buffered bytes across connections, both directions (bounded by the
   * backpressure limits). */
  bufferedBytes = 0;
  bytesToTarget = 0;
  bytesToClient = 0;
  /** Upgrades waiting on DNS or their target connection now. */
  upgradesPending = 0;
  /** Client-sent names being resolved now. */
  dnsLookups = 0;
  /** Connections accepted that have not sent their upgrade request yet. */
  handshakesPending = 0;
  readonly refused = new Map<string, number>();

  refuse(reason: string): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
  }

  render(): string {
    const lines = [
      ...metric("zws_gateway_connections_open", "gauge", "WebSocket-to-TCP connections open now.", [`${this.connectionsOpen}`]),
      ...metric("zws_gateway_connections_total", "counter", "Connections accepted since start.", [`${this.connectionsTotal}`]),
      ...metric(
        "zws_gateway_refused_total",
        "counter",
        "Upgrades refused, by reason.",
        [...this.refused].map(([reason, n]) => `{reason="${reason.replace(/"/g, "'")}"} ${n}`),
      ),
      ...metric("zws_gateway_bytes_total", "counter", "Bytes forwarded, by direction.", [
        `{direction="to_target"} ${this.bytesToTarget}`,
        `{direction="to_client"} ${this.bytesToClient}`,
      ]),
      ...metric("zws_gateway_buffered_bytes", "gauge", "Bytes held in gateway buffers now.", [`${this.bufferedBytes}`]),
      ...metric("zws_gateway_upgrades_pending", "gauge", "Upgrades waiting on DNS or on their target connection now.", [`${this.upgradesPending}`]),
      ...metric("zws_gateway_dns_lookups", "gauge", "Client-sent names being resolved now.", [`${this.dnsLookups}`]),
      ...metric("zws_gateway_handshakes_pending", "gauge", "Connections accepted that have not sent their upgrade request yet.", [`${this.handshakesPending}`]),
    ];
    return lines.join("\n") + "\n";
  }
}

/** One metric in Prometheus' text format: its help, type and samples (each
 * "value" or "{labels} value"). */
function metric(name: string, type: "gauge" | "counter", help: string, samples: string[]): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map((sample) => `${name}${sample.startsWith("{") ? "" : " "}${sample}`)];
}
