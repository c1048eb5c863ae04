/**
 * A feed's health as the reader needs it: is it connected, and how old is
 * the newest thing it delivered. A connected feed that has gone quiet is
 * stale; the values it delivered are then marked stale on the page too.
 */
import type { ConnectionState } from "./connection-state.ts";

/** Older than this, a value counts as stale (the feeds send many per second). */
export const STALE_MS = 2000;

export type Health = "ok" | "stale" | "down";

export interface FeedHealth {
  health: Health;
  text: string;
}

/** "0.4 s", "12 s", "3 min". */
export function formatAge(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** @param lastAt when the feed's last message arrived (undefined: none yet) */
export function feedHealth(state: ConnectionState, lastAt: number | undefined, now: number): FeedHealth {
  const age = lastAt === undefined ? undefined : now - lastAt;
  const last = age === undefined ? "nothing received yet" : `last update ${formatAge(age)} ago`;
  if (state !== "live") return { health: "down", text: `${state}, ${last}` };
  if (age === undefined || age > STALE_MS) return { health: "stale", text: `connected, quiet: ${last}` };
  return { health: "ok", text: `live, ${last}` };
}

/** A value is stale when older than STALE_MS. */
export function isStale(at: number | undefined, now: number): boolean {
  return at === undefined || now - at > STALE_MS;
}
