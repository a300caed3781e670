// The archive's recording player and the display's end-of-turn notice, as data: which
// recordings play, where a turn is in them, which turn is on screen at a moment of a
// file; the "time is up" notice after a hard expiry; poll counts written out.
import { describe, expect, it } from 'vitest';
import { playableRecordings, sameOriginPath, seekTarget, turnAt } from '../../src/lib/playback.ts';
import { EXPIRED_NOTICE_MS, justExpired } from '../../src/lib/floor-notice.ts';
import { t } from '../../src/lib/i18n.ts';
import type { DebateReport, DebateView } from '../../src/lib/view-types.ts';

type Recording = DebateReport['recordings'][number];
type Turn = DebateReport['turns'][number];

const rec = (id: string, startedAt: number, url: string | null, status: Recording['status'] = 'complete'): Recording => ({
  id,
  label: 'program',
  status,
  startedAt,
  endedAt: startedAt + 60_000,
  durationMs: url ? 60_000 : null,
  sizeBytes: 1000,
  mimeType: 'video/webm',
  tracks: [{ kind: 'video', mimeType: 'video/VP8' }],
  url,
});

const turn = (turnId: string, startedAt: number, endedAt: number, recording: Turn['recording']): Turn => ({
  turnId,
  speaker: { participantId: `p_${turnId}`, name: turnId, role: 'participant', group: null },
  mode: 'oral',
  startedAt,
  endedAt,
  allottedMs: 60_000,
  spokenMs: endedAt - startedAt,
  overtimeMs: 0,
  endReason: 'expired',
  recording,
});

describe('recording player', () => {
  const parts = [rec('r1', 10_000, 'http://localhost:3000/api/debates/d/recordings/r1/file'), rec('r2', 80_000, null, 'recording')];

  it('offers the readable recordings only', () => {
    expect(playableRecordings({ recordings: parts }).map((r) => r.id)).toEqual(['r1']);
  });

  it('asks the page’s own origin for the file', () => {
    expect(sameOriginPath('http://localhost:3000/api/debates/d/recordings/r1/file')).toBe('/api/debates/d/recordings/r1/file');
    expect(sameOriginPath('/api/x?y=1')).toBe('/api/x?y=1');
  });

  it('seeks a turn to its offset in its recording, and not at all when it was not recorded', () => {
    const playable = playableRecordings({ recordings: parts });
    expect(seekTarget(turn('a', 12_500, 20_000, { recordingId: 'r1', offsetMs: 2_500 }), playable)).toEqual({ recordingId: 'r1', seconds: 2.5 });
    expect(seekTarget(turn('b', 90_000, 95_000, { recordingId: 'r2', offsetMs: 10_000 }), playable)).toBeNull();
    expect(seekTarget(turn('c', 1_000, 2_000, null), playable)).toBeNull();
  });

  it('knows which turn is on screen at a moment of a file', () => {
    const turns = [turn('a', 12_000, 20_000, null), turn('b', 25_000, 30_000, null)];
    expect(turnAt(turns, parts[0]!, 5)?.turnId).toBe('a');
    expect(turnAt(turns, parts[0]!, 12)).toBeNull();
    expect(turnAt(turns, parts[0]!, 15)?.turnId).toBe('b');
    expect(turnAt(turns, parts[0]!, 20)).toBeNull();
  });
});

describe('end-of-turn notice on the display', () => {
  const last = { ...turn('Camille', 0, 12_000, null), name: 'Camille' };
  const view = (endReason: string, floor: unknown = null) =>
    ({ turns: { turns: [{ ...last, endReason }], floor } }) as unknown as Pick<DebateView, 'turns'>;

  it('shows a turn that ran out for a few seconds, and nothing else', () => {
    expect(justExpired(view('expired'), 12_000 + 100)?.name).toBe('Camille');
    expect(justExpired(view('expired'), 12_000 + EXPIRED_NOTICE_MS)).toBeNull();
    expect(justExpired(view('ended'), 12_100)).toBeNull();
    expect(justExpired(view('expired', { turnId: 'next' }), 12_100)).toBeNull();
  });
});

describe('poll results in words', () => {
  it('writes the number of votes, not only the word', () => {
    expect(t('poll.count', { count: 1 }, 'fr')).toBe('1 voix');
    expect(t('poll.count', { count: 3 }, 'fr')).toBe('3 voix');
    expect(t('poll.count', { count: 1 }, 'en')).toBe('1 vote');
    expect(t('poll.count', { count: 0 }, 'en')).toBe('0 votes');
  });
});
