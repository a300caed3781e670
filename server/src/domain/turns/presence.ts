// Presence and the queue: whether a participant is connected (recorded when it changes)
// and the rule by which "next" passes over people who left. A participant away for longer
// than the grace period is skipped by "next" (they keep their place; the moderator can
// still name them); a brief disconnection (a reload, a tunnel) is within the grace.
// Someone whose presence was never recorded counts as present.
import type { Role } from '../../protocol/common.ts';
import type { Presence, SkippedEntry } from '../../protocol/events/presence.ts';
import type { DebateState } from '../state.ts';
import type { EventDraft } from '../types.ts';
import { draft } from './events.ts';
import type { QueueEntry } from './state.ts';

/** Default of PRESENCE_GRACE_MS. */
export const DEFAULT_PRESENCE_GRACE_MS = 30_000;

/** Away (no socket on any node) since longer than `graceMs` at `now`. */
export function awayTooLong(presence: Presence | undefined, now: number, graceMs: number): boolean {
  return presence !== undefined && !presence.connected && now - presence.since > graceMs;
}

/** Whom "next" gives the floor to (the first present in queue order) and whom it passes over before them. */
export function pickNext(
  queue: readonly QueueEntry[],
  presence: Readonly<Record<string, Presence>>,
  now: number,
  graceMs: number,
): { next: QueueEntry | null; skipped: SkippedEntry[] } {
  const skipped: SkippedEntry[] = [];
  for (const entry of queue) {
    const p = presence[entry.participantId];
    if (!awayTooLong(p, now, graceMs)) return { next: entry, skipped };
    skipped.push({ participantId: entry.participantId, name: entry.name, awaySince: p!.since });
  }
  return { next: null, skipped };
}

export interface PresenceReport {
  participantId: string;
  name: string;
  role: Role;
  connected: boolean;
  /** When it changed, if known better than `now` (away since their node was last known alive). */
  since?: number;
}

/** One event recording the changes among `reports` (what is already known is left out), or nothing. */
export function presenceDrafts(state: DebateState, reports: readonly PresenceReport[], now: number): EventDraft[] {
  if (state.status !== 'scheduled' && state.status !== 'live') return [];
  const changes = reports
    .filter((r) => r.role === 'participant' || r.role === 'speaker')
    .filter((r) => state.turns.presence[r.participantId]?.connected !== r.connected)
    .map(({ participantId, name, role, connected, since }) => ({ participantId, name, role, connected, since: Math.min(since ?? now, now) }));
  return changes.length ? [draft('presence:changed', { changes })] : [];
}

/**
 * What one viewer may know of presence: moderators all of it, anyone else nothing (the
 * events reach them with no changes, so their folded view and a fresh snapshot agree).
 */
export function presenceFor<T>(all: Readonly<Record<string, T>>, viewer: { role: Role }): Record<string, T> {
  return viewer.role === 'moderator' ? { ...all } : {};
}
