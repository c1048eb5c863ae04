// Load: hostile peers against one zeromq-wasm Reply (issue 15: one wasm heap
// is shared by every connection). A child Node process runs the Reply on
// tcp:// with default options (test/support/reply-under-attack.ts); raw TCP
// peers (test/support/zmtp-attacker.ts) shake hands, announce a long frame
// and stall, in three shapes:
//   A: 40 announcing just under 64 MiB (the default maxMessageSize) each;
//   B: A plus 160 more announcing 8 MiB, 1 MiB and 128 KiB;
//   C: one of A's let go, then 70 fresh ones announcing 1 MiB and 90
//      announcing 64 KiB;
// then all let go. Meanwhile native pyzmq REQs keep asking the Reply, one
// on a connection held throughout, one on a new connection every time.
// Asserted: every probe answered within PROBE_TIMEOUT_MS, the process alive
// to the end, its wasm memory and resident set within fixed bounds. The
// attackers send a few KB in all: whatever the server's stall timeout or
// memory budget, nothing here waits for them.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { faultPeers, NativePeer } from "../support/native-peer.ts";
import { eventually } from "../support/util.ts";
import { announceAndStall, type Hold } from "../support/zmtp-attacker.ts";

const MB = 1 << 20;
/** A probe must be answered within this, attacked or not: generous. */
const PROBE_TIMEOUT_MS = 5_000;
/** Probes of each kind that must finish within each shape. */
const PROBES_PER_SHAPE = 2;
/** Bounds for the attacked process: the attackers sent a few KB; these
 * leave room for libzmq's buffers and Node, not for their announcements. */
const WASM_BOUND = 512 * MB;
const RSS_BOUND = 1024 * MB;

const serverScript = fileURLToPath(new URL("../support/reply-under-attack.ts", import.meta.url));

interface Probe {
  probe: number;
  ok: boolean;
  /** Epoch ms. */
  start: number;
  ms: number;
}

interface Stats {
  wasmBytes: number;
  rssBytes: number;
}

/** Every probe line of a prober, as it comes. */
function collect(prober: NativePeer): Probe[] {
  const probes: Probe[] = [];
  void (async () => {
    for (;;) probes.push((await prober.next("probe", 600_000)) as unknown as Probe);
  })().catch(() => {});
  return probes;
}

/** What a dead process said of why: libzmq's and emscripten's abort lines. */
const lastWords = (stderr: string) =>
  stderr
    .split("\n")
    .filter((line) => /FATAL|Abort|Error/.test(line))
    .slice(0, 3)
    .join(" | ");

const peers: NativePeer[] = [];
const holds: Hold[] = [];
after(() => {
  for (const hold of holds) hold.release();
  for (const peer of peers) peer.stop();
});

describe("a Reply attacked by peers that announce large frames and stall", () => {
  it("answers every probe, new connections too, and survives with memory bounded", async () => {
    const server = NativePeer.node(serverScript);
    peers.push(server);
    const endpoint = await server.endpoint();
    const port = Number(/:(\d+)$/.exec(endpoint)![1]);

    const prober = (fresh: boolean) => {
      const peer = NativePeer.start("req-probe", { endpoint, fresh, timeout_ms: PROBE_TIMEOUT_MS, interval: 0.2, max_seconds: 170 }, faultPeers);
      peers.push(peer);
      return peer;
    };
    const kinds = { persistent: collect(prober(false)), fresh: collect(prober(true)) };

    const stats = async (): Promise<Stats | undefined> => {
      if (!server.running) return undefined;
      server.tell({ stats: true });
      return ((await server.next("stats", 5_000).catch(() => undefined))?.stats as Stats | undefined) ?? undefined;
    };
    /** The probes of each kind that started at or after `since`, once
     * PROBES_PER_SHAPE of each have finished (a failing probe takes
     * PROBE_TIMEOUT_MS, so this is bounded). */
    const probesSince = async (since: number) => {
      const of = (kind: keyof typeof kinds) => kinds[kind].filter((probe) => probe.start >= since);
      await eventually(
        "probes",
        () => of("persistent").length >= PROBES_PER_SHAPE && of("fresh").length >= PROBES_PER_SHAPE,
        (PROBES_PER_SHAPE + 1) * (PROBE_TIMEOUT_MS + 1_000),
      );
      return { persistent: of("persistent"), fresh: of("fresh") };
    };

    const figures: Array<Record<string, unknown>> = [];
    const problems: string[] = [];
    const peak = { wasmBytes: 0, rssBytes: 0 };
    /** Holds the attack in place while the probes run, then records. */
    const shape = async (name: string, attack: () => Promise<void>) => {
      const since = Date.now();
      await attack();
      const probes = await probesSince(since);
      const now = await stats();
      if (now) {
        peak.wasmBytes = Math.max(peak.wasmBytes, now.wasmBytes);
        peak.rssBytes = Math.max(peak.rssBytes, now.rssBytes);
      }
      const all = [...probes.persistent, ...probes.fresh];
      figures.push({
        shape: name,
        held: holds.filter((hold) => hold.announced && !hold.dropped).length,
        dropped: holds.filter((hold) => hold.dropped).length,
        neverAnswered: holds.filter((hold) => !hold.announced && !hold.dropped).length,
        probesMs: Object.fromEntries(Object.entries(probes).map(([kind, list]) => [kind, list.map((probe) => (probe.ok ? Math.round(probe.ms) : "timeout"))])),
        wasmMB: now && +(now.wasmBytes / MB).toFixed(1),
        rssMB: now && +(now.rssBytes / MB).toFixed(1),
        alive: server.running,
      });
      const late = all.filter((probe) => !probe.ok || probe.ms > PROBE_TIMEOUT_MS);
      if (late.length) problems.push(`${name}: ${late.length} of ${all.length} probes unanswered within ${PROBE_TIMEOUT_MS} ms`);
      if (server.errors.includes("the Reply failed")) problems.push(`${name}: the Reply failed: ${lastWords(server.errors)}`);
      if (!server.running) problems.push(`${name}: the process died (exit code ${server.exitCode}): ${lastWords(server.errors)}`);
    };
    const attack = async (count: number, size: number) => {
      holds.push(...(await Promise.all(Array.from({ length: count }, () => announceAndStall(port, size)))));
    };

    await shape("before", async () => {});
    await shape("A: 40 x 64 MiB", () => attack(40, 64 * MB - 16));
    await shape("B: + 40 x 8 MiB, 60 x 1 MiB, 60 x 128 KiB", async () => {
      await attack(40, 8 * MB);
      await attack(60, MB);
      await attack(60, 128 * 1024);
    });
    await shape("C: one 64 MiB let go, + 70 x 1 MiB, 90 x 64 KiB", async () => {
      // The 64 MiB freed is taken again, so that what comes next finds the
      // heap full wherever it allocates.
      holds.find((hold) => hold.announced && !hold.dropped)?.release();
      await attack(70, MB);
      await attack(90, 64 * 1024);
    });
    await shape("all let go", async () => {
      for (const hold of holds.splice(0)) hold.release();
    });
    console.log(`hostile peers: ${JSON.stringify(figures, null, 1)}`);

    if (peak.wasmBytes > WASM_BOUND) problems.push(`wasm memory reached ${(peak.wasmBytes / MB).toFixed(0)} MiB (bound ${WASM_BOUND / MB} MiB)`);
    if (peak.rssBytes > RSS_BOUND) problems.push(`RSS reached ${(peak.rssBytes / MB).toFixed(0)} MiB (bound ${RSS_BOUND / MB} MiB)`);
    assert.deepEqual(problems, [], "probes answered, process alive, memory bounded");
    // The process still answers and exits cleanly when asked.
    await eventually("the server still runs", () => server.running, 1_000);
  });
});
