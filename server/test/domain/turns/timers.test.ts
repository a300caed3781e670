import { describe, expect, it } from 'vitest';
import { endFloorDrafts, nextWakeTurns } from '../../../src/domain/turns/index.ts';
import { Harness, makeState, payloadOf } from './fixtures.ts';

function started(overrides = {}, seconds = 60): Harness {
  const h = new Harness(makeState(overrides));
  h.raise(['a'], 'oral', 0);
  h.run('floor:grant', { seconds });
  return h;
}

function warnings(h: Harness): number[] {
  return h.events.flatMap((e) => (e.type === 'floor:warning' ? [e.payload.thresholdSeconds] : []));
}

/** Run the timer at every wake-up until `until`, like the registry's scheduler. */
function runTimersUntil(h: Harness, until: number): void {
  for (let wake = nextWakeTurns(h.state); wake !== null && wake <= until; wake = nextWakeTurns(h.state)) {
    h.clock.set(Math.max(wake, h.clock.now()));
    h.tick();
  }
  h.clock.set(until);
}

describe('warnings', () => {
  it('fire once each at deadline - threshold, thresholds longer than the turn are skipped', () => {
    const h = started({ turn: { warningSeconds: [60, 30, 10] } }, 45);
    const deadline = h.state.turns.floor!.deadline!;
    expect(nextWakeTurns(h.state)).toBe(deadline - 30_000);
    h.clock.set(deadline - 30_001);
    expect(h.tick()).toEqual([]);
    h.clock.set(deadline - 30_000);
    const [w] = h.tick();
    expect(w).toMatchObject({ type: 'floor:warning', payload: { thresholdSeconds: 30, remainingMs: 30_000 } });
    expect(h.tick()).toEqual([]);
    expect(nextWakeTurns(h.state)).toBe(deadline - 10_000);
    runTimersUntil(h, deadline - 1);
    expect(warnings(h)).toEqual([30, 10]);
    expect(nextWakeTurns(h.state)).toBe(deadline);
  });

  it('a paused turn has no timer; resuming shifts the warnings', () => {
    const h = started({ turn: { warningSeconds: [10] } }, 30);
    h.clock.advance(5_000);
    h.run('floor:pause', {});
    expect(nextWakeTurns(h.state)).toBeNull();
    h.clock.advance(100_000);
    expect(h.tick()).toEqual([]);
    h.run('floor:resume', {});
    expect(nextWakeTurns(h.state)).toBe(h.clock.now() + 15_000);
  });

  it('are re-armed after an extension that puts their threshold ahead again', () => {
    const h = started({ turn: { warningSeconds: [30, 10] } }, 60);
    const deadline = h.state.turns.floor!.deadline!;
    runTimersUntil(h, deadline - 5_000);
    expect(warnings(h)).toEqual([30, 10]);
    h.run('floor:extend', { seconds: 20 }); // 25 s left: 10 re-armed, 30 stays behind us
    expect(h.state.turns.floor!.warningsSent).toEqual([30]);
    expect(nextWakeTurns(h.state)).toBe(deadline + 20_000 - 10_000);
    runTimersUntil(h, deadline + 19_000);
    expect(warnings(h)).toEqual([30, 10, 10]);
  });
});

describe('hard expiry', () => {
  it('is accounted at the deadline even when the timer fires late', () => {
    const h = started({ turn: { expiry: 'hard', warningSeconds: [10] } }, 60);
    const deadline = h.state.turns.floor!.deadline!;
    h.clock.advance(20_000);
    h.run('floor:pause', {});
    h.clock.advance(30_000);
    h.run('floor:resume', {});
    const newDeadline = h.state.turns.floor!.deadline!;
    expect(newDeadline).toBe(deadline + 30_000);
    h.clock.set(newDeadline + 42_000); // the server was busy / down
    const events = h.tick();
    expect(events.map((e) => e.type)).toEqual(['floor:expired']); // stale warning dropped
    expect(payloadOf(events, 'floor:expired')).toEqual({
      turnId: 'turn_1',
      participantId: 'a',
      endedAt: newDeadline,
      spokenMs: 60_000,
      overtimeMs: 0,
      reason: 'expired',
    });
    expect(h.state.turns.floor).toBeNull();
    expect(h.state.turns.turns[0]).toMatchObject({ endedAt: newDeadline, spokenMs: 60_000, endReason: 'expired' });
    expect(h.state.turns.spokenMs.a).toBe(60_000);
    expect(h.tick()).toEqual([]);
    expect(nextWakeTurns(h.state)).toBeNull();
  });

  it('a moderator ending a turn past its deadline records the expiry, not the late end', () => {
    const h = started({ turn: { expiry: 'hard' } }, 60);
    const deadline = h.state.turns.floor!.deadline!;
    h.clock.set(deadline + 500);
    expect(h.run('floor:end', {}).map((e) => e.type)).toEqual(['floor:expired']);
    expect(h.state.turns.turns[0]).toMatchObject({ endedAt: deadline, spokenMs: 60_000 });
  });
});

describe('soft expiry', () => {
  it('announces overtime once, keeps the floor and counts the overtime at the end', () => {
    const h = started({ turn: { expiry: 'soft', warningSeconds: [10] } }, 60);
    const deadline = h.state.turns.floor!.deadline!;
    h.clock.set(deadline + 2_000);
    expect(h.tick()).toEqual([expect.objectContaining({ type: 'floor:overtime', payload: { turnId: 'turn_1', since: deadline } })]);
    expect(h.state.turns.floor!.overtimeSince).toBe(deadline);
    expect(nextWakeTurns(h.state)).toBeNull();
    h.clock.advance(10_000);
    expect(h.tick()).toEqual([]);
    h.run('floor:pause', {});
    h.clock.advance(60_000);
    h.run('floor:resume', {});
    h.clock.advance(3_000);
    const ended = payloadOf(h.run('floor:end', {}), 'floor:ended');
    expect(ended).toMatchObject({ spokenMs: 75_000, overtimeMs: 15_000, reason: 'ended' });
    expect(h.state.turns.turns[0]).toMatchObject({ allottedMs: 60_000, spokenMs: 75_000, overtimeMs: 15_000 });
  });

  it('an extension out of overtime re-opens the countdown', () => {
    const h = started({ turn: { expiry: 'soft', warningSeconds: [10] } }, 60);
    const deadline = h.state.turns.floor!.deadline!;
    h.clock.set(deadline + 5_000);
    h.tick();
    h.run('floor:extend', { seconds: 30 });
    expect(h.state.turns.floor).toMatchObject({ overtimeSince: null, deadline: deadline + 30_000, warningsSent: [] });
    expect(nextWakeTurns(h.state)).toBe(deadline + 20_000);
  });
});

describe('debate end', () => {
  it('endFloorDrafts closes the floor with reason debate_ended; a floor left open is dropped', () => {
    const h = started({}, 60);
    h.clock.advance(4_000);
    const drafts = endFloorDrafts(h.state, h.clock.now(), 'debate_ended');
    expect(drafts).toEqual([expect.objectContaining({ type: 'floor:ended', payload: expect.objectContaining({ spokenMs: 4_000, reason: 'debate_ended' }) })]);
    h.commit(drafts, { kind: 'system' });
    expect(h.state.turns.turns[0]!.endReason).toBe('debate_ended');
    expect(endFloorDrafts(h.state, h.clock.now(), 'debate_ended')).toEqual([]);

    const h2 = started({}, 60);
    h2.endDebate();
    expect(h2.state.turns.floor).toBeNull();
    expect(h2.state.turns.turns).toEqual([]);
  });
});
