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
  readonly refused = new Map<string, number>();

  refuse(reason: string): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
  }

  render(): string {
    const lines = [
      "# HELP zws_gateway_connections_open WebSocket-to-TCP connections open now.",
      "# TYPE zws_gateway_connections_open gauge",
      `zws_gateway_connections_open ${this.connectionsOpen}`,
      "# HELP zws_gateway_connections_total Connections accepted since start.",
      "# TYPE zws_gateway_connections_total counter",
      `zws_gateway_connections_total ${this.connectionsTotal}`,
      "# HELP zws_gateway_refused_total Upgrades refused, by reason.",
      "# TYPE zws_gateway_refused_total counter",
      ...[...this.refused].map(([reason, n]) => `zws_gateway_refused_total{reason="${reason.replace(/"/g, "'")}"} ${n}`),
      "# HELP zws_gateway_bytes_total Bytes forwarded, by direction.",
      "# TYPE zws_gateway_bytes_total counter",
      `zws_gateway_bytes_total{direction="to_target"} ${this.bytesToTarget}`,
      `zws_gateway_bytes_total{direction="to_client"} ${this.bytesToClient}`,
      "# HELP zws_gateway_buffered_bytes Bytes held in gateway buffers now.",
      "# TYPE zws_gateway_buffered_bytes gauge",
      `zws_gateway_buffered_bytes ${this.bufferedBytes}`,
      "# HELP zws_gateway_upgrades_pending Upgrades waiting on DNS or on their target connection now.",
      "# TYPE zws_gateway_upgrades_pending gauge",
      `zws_gateway_upgrades_pending ${this.upgradesPending}`,
      "# HELP zws_gateway_dns_lookups Client-sent names being resolved now.",
      "# TYPE zws_gateway_dns_lookups gauge",
      `zws_gateway_dns_lookups ${this.dnsLookups}`,
    ];
    return lines.join("\n") + "\n";
  }
}
