// Pure helpers of the archive pages: the search URL, and where each turn sits on the
// timeline track.
import type { DebateReport } from './view-types.ts';

type Turn = DebateReport['turns'][number];

export type StatusFilter = '' | 'scheduled' | 'live' | 'ended' | 'archived';

export function publicListPath(q: string, status: StatusFilter): string {
  const params = new URLSearchParams();
  if (q.trim()) params.set('q', q.trim().slice(0, 200));
  if (status) params.set('status', status);
  const qs = params.toString();
  return `/api/public/debates${qs ? `?${qs}` : ''}`;
}

/** Position of each turn on the track, in percent of the debate's span. */
export function trackLayout(turns: readonly Turn[], start: number | null, end: number | null) {
  const from = start ?? turns[0]?.startedAt ?? 0;
  const to = Math.max(end ?? turns.at(-1)?.endedAt ?? from, ...turns.map((x) => x.endedAt), from + 1);
  const span = to - from;
  return turns.map((x) => ({
    turnId: x.turnId,
    left: ((x.startedAt - from) / span) * 100,
    width: Math.max(0.5, ((x.endedAt - x.startedAt) / span) * 100),
    offsetMs: x.startedAt - from,
  }));
}
