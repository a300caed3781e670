// Pure rules behind the console and the citizen's on-air box: the one media state told
// to the person on the floor, the floor's keyboard shortcuts, the debate clock.
import { describe, expect, it } from 'vitest';
import { onAirState, type OnAirInput } from '../../src/lib/media/on-air-state.ts';
import { shortcutFor, type FloorActions } from '../../src/pages/moderate/shortcuts.tsx';
import { debateClock } from '../../src/lib/debate-clock.ts';
import { publisherName } from '../../src/lib/media/names.ts';

const base: OnAirInput = {
  publishStatus: 'on',
  held: false,
  micMuted: false,
  timerStopped: false,
  program: { participantId: 'me', producerIds: ['a'], auto: true },
  self: 'me',
  intended: true,
};

describe('onAirState', () => {
  it('says one thing at a time, the most specific true one', () => {
    expect(onAirState(base)).toBe('on_air');
    expect(onAirState({ ...base, micMuted: true })).toBe('self_muted');
    expect(onAirState({ ...base, held: true })).toBe('cut_by_regie');
    // The timer holds the producers too: that is the reason given, not the régie.
    expect(onAirState({ ...base, held: true, timerStopped: true })).toBe('paused_by_timer');
    expect(onAirState({ ...base, program: { participantId: 'dsp_room', producerIds: ['r'], auto: false } })).toBe('off_air_room');
    expect(onAirState({ ...base, publishStatus: 'starting' })).toBe('starting');
    expect(onAirState({ ...base, publishStatus: 'off', intended: false })).toBe('ended');
    expect(onAirState({ ...base, publishStatus: 'failed', held: true })).toBe('failed');
  });
});

describe('shortcutFor', () => {
  const calls: string[] = [];
  const actions: FloorActions = {
    enabled: true,
    next: () => calls.push('next'),
    pause: () => calls.push('pause'),
    extend30: () => calls.push('extend'),
    end: null,
  };
  it('maps N, P, + (or =) and F, case-insensitively, to what applies now', () => {
    for (const key of ['n', 'N', 'p', '+', '=']) shortcutFor(key, actions)?.();
    expect(calls).toEqual(['next', 'next', 'pause', 'extend', 'extend']);
    expect(shortcutFor('f', actions)).toBeNull();
    expect(shortcutFor('x', actions)).toBeNull();
    expect(shortcutFor('n', { ...actions, enabled: false })).toBeNull();
  });
});

describe('debateClock', () => {
  const debate = (startedAt: number | null, endedAt: number | null) =>
    ({ debate: { startedAt, endedAt, modalities: { plannedDurationMinutes: 90 } } }) as Parameters<typeof debateClock>[0];
  it('elapsed against the planned duration, frozen at the end, overtime counted', () => {
    expect(debateClock(debate(null, null), 5_000)).toEqual({ started: false, elapsedMs: 0, plannedMs: 5_400_000, overMs: 0 });
    expect(debateClock(debate(1_000, null), 61_000)).toMatchObject({ started: true, elapsedMs: 60_000, overMs: 0 });
    expect(debateClock(debate(0, 6_000_000), 9_999_999)).toMatchObject({ elapsedMs: 6_000_000, overMs: 600_000 });
  });
});

describe('publisherName', () => {
  it('names the room camera "Salle" for everyone, even without its producers listed', () => {
    expect(publisherName('dsp_Zx12', { names: new Map(), self: 'me' })).toBe('Salle');
    expect(publisherName('p_abcd', { names: new Map(), self: 'me' })).toBe('Participant·e abcd');
  });
});
