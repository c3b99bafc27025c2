/**
 * Webhook deduplication: platforms retry deliveries, so each event id is
 * recorded once in a table with a unique key; the first insert wins.
 */
import type { Db } from '../../storage/db.js';

/** How long event ids are kept (retries come within hours). */
export const SEEN_EVENTS_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Records an event id; returns true the first time and false for a repeat,
 * so the caller processes each event once, even across restarts.
 */
export function markEventSeen(db: Db, channel: string, eventId: string, now = Date.now()): boolean {
  const r = db
    .prepare('INSERT INTO zalo_seen_events (channel, event_id, ts) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
    .run(channel, eventId, now);
  return r.changes === 1;
}

/** Deletes event ids older than the TTL; returns how many were removed. */
export function pruneSeenEvents(db: Db, now = Date.now(), ttlMs = SEEN_EVENTS_TTL_MS): number {
  return db.prepare('DELETE FROM zalo_seen_events WHERE ts < ?').run(now - ttlMs).changes;
}
