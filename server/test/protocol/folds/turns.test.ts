// The one turns fold, under both policies: the server's (ignore what does not fit) and the
// client's (throw, so that its store resyncs). On the logs the domain writes both give
// the server's own state; on an event that does not fit, both leave the slice untouched.
import { describe, expect, it, vi } from 'vitest';
import { initialTurns } from '../../../src/domain/turns/index.ts';
import type { DebateEvent, EventBody } from '../../../src/protocol/events/index.ts';
import { foldTurns, isTurnsEvent, priorityPosition } from '../../../src/protocol/folds/turns.ts';
import { passedWarnings, remainingAt, spokenAt } from '../../../src/protocol/folds/timing.ts';
import type { TurnsView } from '../../../src/protocol/views.ts';
import { oxfordDebate, people, Recorder, softDebate } from '../fixtures.ts';

class Diverged extends Error {}
const strict = (reason: string): never => {
  throw new Diverged(reason);
};

/** Fold a whole log into a turns slice, as applyEvent does (modalities reset the slice). */
function foldLog(log: readonly DebateEvent[], onAnomaly: (reason: string) => void): TurnsView {
  let turns: TurnsView = { queue: [], floor: null, turns: [], spokenMs: {}, groupSpokenMs: {}, agenda: [], presence: {}, lastSkipped: [] };
  let warnings: readonly number[] = [];
  for (const e of log) {
    if (e.type === 'debate:created' || e.type === 'debate:updated') {
      const m = e.payload.modalities;
      if (m) {
        turns = initialTurns(m);
        warnings = m.turn.warningSeconds;
      }
      continue;
    }
    foldTurns(turns, e, warnings, onAnomaly);
  }
  return turns;
}

describe('foldTurns', () => {
  it('rebuilds the server state from real logs under both policies, without an anomaly', () => {
    for (const d of [oxfordDebate(), softDebate()]) {
      const ignored = vi.fn();
      expect(foldLog(d.log, ignored)).toEqual(d.state.turns);
      expect(ignored).not.toHaveBeenCalled();
      expect(foldLog(d.log, strict)).toEqual(d.state.turns);
    }
  });

  describe('an event that does not fit', () => {
    // Ana holds the floor, Ben waits.
    const base = () => {
      const d = new Recorder('deb_odd');
      d.lifecycle('announce');
      d.lifecycle('start');
      d.run('queue:raise', { mode: 'oral' }, people.ana);
      d.run('queue:raise', { mode: 'oral' }, people.ben);
      d.run('floor:grant', { participantId: 'p_ana' }, people.mod);
      return { turns: d.state.turns, warnings: d.state.modalities.turn.warningSeconds };
    };
    const entry = { participantId: 'p_ben', name: 'Ben', role: 'participant', mode: 'oral', group: null, raisedAt: 1, priority: false } as const;
    const granted = {
      turnId: 'other', participantId: 'p_ben', name: 'Ben', role: 'participant', group: null, mode: 'oral', allottedMs: 1, grantedAt: 1,
      deadline: 2, agendaSlotId: null, contributionId: null, cappedByQuota: false, cutAt: null, keepsQueueEntry: false,
    } as const;
    const odd: [string, EventBody][] = [
      ['a pause of another turn', { type: 'floor:paused', payload: { turnId: 'other', pausedAt: 1, remainingMs: 1, spokenMs: 1 } }],
      ['the end of another turn', { type: 'floor:ended', payload: { turnId: 'other', participantId: 'p_ben', endedAt: 1, spokenMs: 1, overtimeMs: 0, reason: 'ended' } }],
      ['a warning for another turn', { type: 'floor:warning', payload: { turnId: 'other', thresholdSeconds: 10, remainingMs: 1 } }],
      ['a grant while the floor is held', { type: 'floor:granted', payload: granted }],
      ['a hand raised twice', { type: 'queue:raised', payload: { entry, position: 0 } }],
      ['lowering a hand not in the queue', { type: 'queue:lowered', payload: { participantId: 'p_nobody' } }],
      ['moving an entry not in the queue', { type: 'queue:moved', payload: { participantId: 'p_nobody', position: 0 } }],
      ['a point of order for nobody queued', { type: 'queue:prioritized', payload: { participantId: 'p_nobody' } }],
      ['advancing an unknown agenda slot', { type: 'agenda:advanced', payload: { slotId: 'nope' } }],
      ['entering an unknown agenda slot', { type: 'agenda:entered', payload: { slotId: 'nope' } }],
    ];

    it.each(odd)('%s: the server ignores it, the client throws; the slice is untouched', (_name, e) => {
      const { turns, warnings } = base();
      const before = structuredClone(turns);
      const told = vi.fn();
      foldTurns(turns, e, warnings, told);
      expect(told).toHaveBeenCalledTimes(1);
      expect(turns).toEqual(before);
      foldTurns(turns, e, warnings); // the default policy is the server's
      expect(turns).toEqual(before);
      expect(() => foldTurns(turns, e, warnings, strict)).toThrow(Diverged);
      expect(turns).toEqual(before);
    });
  });

  it('owns the turns events only (debate:ended just drops an open floor)', () => {
    expect(isTurnsEvent({ type: 'floor:granted' })).toBe(true);
    expect(isTurnsEvent({ type: 'agenda:advanced' })).toBe(true);
    expect(isTurnsEvent({ type: 'poll:opened' })).toBe(false);
    expect(isTurnsEvent({ type: 'debate:ended' })).toBe(false);
    const d = new Recorder('deb_end');
    d.lifecycle('announce');
    d.lifecycle('start');
    d.run('queue:raise', { mode: 'oral' }, people.ana);
    d.run('floor:grant', {}, people.mod);
    const turns = structuredClone(d.state.turns);
    foldTurns(turns, { type: 'poll:opened', payload: { pollId: 'p', openedAt: 1, closesAt: null } }, [], strict);
    expect(turns).toEqual(d.state.turns);
    foldTurns(turns, { type: 'debate:ended', payload: { at: 1 } }, [], strict);
    expect(turns.floor).toBeNull();
  });
});

describe('floor arithmetic shared with the client', () => {
  it('places a point of order after the other ones', () => {
    const e = (id: string, priority: boolean) => ({ participantId: id, name: id, role: 'participant', mode: 'oral', group: null, raisedAt: 0, priority }) as const;
    expect(priorityPosition([])).toBe(0);
    expect(priorityPosition([e('a', true), e('b', true), e('c', false)])).toBe(2);
    expect(priorityPosition([e('a', false), e('b', true)])).toBe(2);
  });

  it('silences the thresholds already behind a turn, most distant first', () => {
    expect(passedWarnings([10, 60, 30, 30], 45_000)).toEqual([60]);
    expect(passedWarnings([10, 60, 30], 5_000)).toEqual([60, 30, 10]);
    expect(passedWarnings([10], 60_000)).toEqual([]);
  });

  it('counts spoken time from timestamps, pauses excluded and never negative', () => {
    const running = { accumulatedMs: 5_000, runningSince: 10_000, allottedMs: 60_000 };
    expect(spokenAt(running, 12_000)).toBe(7_000);
    expect(spokenAt(running, 9_000)).toBe(5_000); // a clock behind the segment's start
    expect(remainingAt(running, 12_000)).toBe(53_000);
    expect(spokenAt({ ...running, runningSince: null }, 99_000)).toBe(5_000);
  });
});
