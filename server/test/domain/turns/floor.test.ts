import { describe, expect, it } from 'vitest';
import { remainingAt, spokenAt } from '../../../src/domain/turns/index.ts';
import type { FloorEnded, FloorExtended, FloorPaused } from '../../../src/domain/turns/index.ts';
import { citizen, codeOf, Harness, makeState, payloadOf } from './fixtures.ts';

function started(overrides = {}, seconds = 60): Harness {
  const h = new Harness(makeState(overrides));
  h.raise(['a'], 'oral', 0);
  h.run('floor:grant', { seconds });
  return h;
}

describe('pause / resume', () => {
  it('accounts speaking time to the millisecond, pauses excluded', () => {
    const h = started();
    const t0 = h.clock.now();
    h.clock.advance(12_345);
    const paused = payloadOf(h.run('floor:pause', {}), 'floor:paused');
    expect(paused).toMatchObject({ pausedAt: t0 + 12_345, spokenMs: 12_345, remainingMs: 47_655 });
    expect(h.state.turns.floor).toMatchObject({ runningSince: null, deadline: null, pausedRemainingMs: 47_655 });
    h.clock.advance(600_000); // a long pause costs nothing
    expect(spokenAt(h.state.turns.floor!, h.clock.now())).toBe(12_345);
    const [resumed] = h.run('floor:resume', {});
    expect(resumed!.payload).toMatchObject({ resumedAt: h.clock.now(), deadline: h.clock.now() + 47_655 });
    h.clock.advance(7_001);
    expect(remainingAt(h.state.turns.floor!, h.clock.now())).toBe(40_654);
    const ended = payloadOf(h.run('floor:end', {}), 'floor:ended');
    expect(ended).toMatchObject({ participantId: 'a', spokenMs: 19_346, overtimeMs: 0, reason: 'ended' });
    expect(h.state.turns.spokenMs).toEqual({ a: 19_346 });
    expect(h.state.turns.turns[0]).toMatchObject({ startedAt: t0, endedAt: h.clock.now(), allottedMs: 60_000, spokenMs: 19_346, endReason: 'ended' });
    expect(h.state.turns.floor).toBeNull();
  });

  it('refuses pause twice, resume when running, and both without a floor', () => {
    const h = started();
    expect(codeOf(() => h.run('floor:resume', {}))).toBe('FLOOR_NOT_PAUSED');
    h.run('floor:pause', {});
    expect(codeOf(() => h.run('floor:pause', {}))).toBe('FLOOR_PAUSED');
    h.run('floor:end', {});
    expect(h.state.turns.turns[0]!.spokenMs).toBe(0);
    expect(codeOf(() => h.run('floor:pause', {}))).toBe('NO_FLOOR');
    expect(codeOf(() => h.run('floor:resume', {}))).toBe('NO_FLOOR');
    expect(codeOf(() => h.run('floor:extend', { seconds: 10 }))).toBe('NO_FLOOR');
    expect(codeOf(() => h.run('floor:end', {}))).toBe('NO_FLOOR');
  });
});

describe('floor:extend', () => {
  it('while running moves the deadline', () => {
    const h = started();
    const deadline = h.state.turns.floor!.deadline!;
    h.clock.advance(50_000);
    const ext = payloadOf(h.run('floor:extend', { seconds: 30 }), 'floor:extended');
    expect(ext).toMatchObject({ addedMs: 30_000, allottedMs: 90_000, deadline: deadline + 30_000, remainingMs: 40_000 });
    expect(h.state.turns.floor).toMatchObject({ allottedMs: 90_000, deadline: deadline + 30_000 });
  });

  it('while paused adds to the remaining time, the deadline comes at resume', () => {
    const h = started();
    h.clock.advance(20_000);
    h.run('floor:pause', {});
    h.clock.advance(5_000);
    const ext = payloadOf(h.run('floor:extend', { seconds: 15 }), 'floor:extended');
    expect(ext).toMatchObject({ addedMs: 15_000, allottedMs: 75_000, deadline: null, remainingMs: 55_000 });
    h.run('floor:resume', {});
    expect(h.state.turns.floor!.deadline).toBe(h.clock.now() + 55_000);
  });

  it('is capped by the group quota unless overridden', () => {
    const h = new Harness(makeState({ groups: [{ id: 'pour', name: 'Pour', quotaSeconds: 100 }] }));
    h.run('queue:raise', { mode: 'oral', group: 'pour' }, citizen('a'));
    h.run('floor:grant', { seconds: 80 });
    const capped = payloadOf(h.run('floor:extend', { seconds: 60 }), 'floor:extended');
    expect(capped).toMatchObject({ addedMs: 20_000, allottedMs: 100_000, requestedMs: 60_000, quotaOverridden: false });
    expect(codeOf(() => h.run('floor:extend', { seconds: 1 }))).toBe('QUOTA_EXHAUSTED');
    const forced = payloadOf(h.run('floor:extend', { seconds: 60, overrideQuota: true }), 'floor:extended');
    expect(forced).toMatchObject({ addedMs: 60_000, allottedMs: 160_000, requestedMs: 60_000, quotaOverridden: true });
    expect(() => h.run('floor:extend', { seconds: 0 })).toThrow();
  });
});

describe('floor:end', () => {
  it('the holder yields their own turn; nobody else but the moderator may end it', () => {
    const h = started();
    h.clock.advance(3_000);
    expect(codeOf(() => h.run('floor:end', {}, citizen('b')))).toBe('FORBIDDEN');
    const ended = payloadOf(h.run('floor:end', {}, citizen('a')), 'floor:ended');
    expect(ended).toMatchObject({ participantId: 'a', spokenMs: 3_000, reason: 'yielded' });
    expect(h.state.turns.turns[0]!.endReason).toBe('yielded');
  });
});
