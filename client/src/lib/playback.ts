// The archive's recording player, as data: which recordings can be played, where a turn
// is in them (the report's `turns[].recording`: turn start − recording startedAt), and
// which turn is on screen at a given moment of a file, so the timeline can follow the
// video. Pure, so it is unit-tested.
import type { DebateReport } from './view-types.ts';

type Recording = DebateReport['recordings'][number];
type Turn = DebateReport['turns'][number];

/** Recordings a `<video>` can open (finished and readable), in recording order. */
export function playableRecordings(report: Pick<DebateReport, 'recordings'>): Recording[] {
  return report.recordings.filter((r) => r.url !== null);
}

/**
 * The file's address on this server. The report gives absolute URLs built from the
 * server's public URL; the page asks its own origin, so a page opened through another
 * host name (or a proxy) still reaches the file.
 */
export function sameOriginPath(url: string): string {
  try {
    const u = new URL(url, 'http://x');
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/** Where to seek for a turn: the recording and the time in it (seconds), or null. */
export function seekTarget(turn: Pick<Turn, 'recording'>, playable: readonly Recording[]): { recordingId: string; seconds: number } | null {
  if (!turn.recording) return null;
  const rec = playable.find((r) => r.id === turn.recording!.recordingId);
  if (!rec) return null;
  return { recordingId: rec.id, seconds: turn.recording.offsetMs / 1000 };
}

/** The turn being played at `seconds` into recording `rec`, or null between turns. */
export function turnAt(turns: readonly Turn[], rec: Pick<Recording, 'startedAt'>, seconds: number): Turn | null {
  const at = rec.startedAt + seconds * 1000;
  return turns.find((x) => x.startedAt <= at && at < x.endedAt) ?? null;
}

/** Where to seek for an instant of the debate (server clock): the recording holding it and the time in it, or null. */
export function instantTarget(at: number, playable: readonly Pick<Recording, 'id' | 'startedAt' | 'endedAt' | 'durationMs'>[]): { recordingId: string; seconds: number } | null {
  const rec = playable.find((r) => {
    const end = r.endedAt ?? (r.durationMs === null ? Number.POSITIVE_INFINITY : r.startedAt + r.durationMs);
    return r.startedAt <= at && at < end;
  });
  return rec ? { recordingId: rec.id, seconds: Math.max(0, (at - rec.startedAt) / 1000) } : null;
}
