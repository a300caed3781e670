import { describe, expect, it } from 'vitest';
import { duePollCloses, nextWakePolls } from '../../../src/domain/polls/index.ts';
import { Harness, SINGLE } from './fixtures.ts';

const NONE = { counts: [0, 0, 0], totalBallots: 0 };

describe('auto-close scheduling', () => {
  it('nothing to wake for without open polls with a deadline', () => {
    const h = new Harness();
    expect(nextWakePolls(h.state)).toBeNull();
    h.create('poll:create', { ...SINGLE, autoCloseSeconds: 10 });
    h.create('poll:create', { ...SINGLE, openNow: true });
    expect(nextWakePolls(h.state)).toBeNull();
    expect(duePollCloses(h.state, h.clock.now() + 1e9)).toEqual([]);
  });

  it('wakes for the earliest deadline and reports due polls, earliest first', () => {
    const h = new Harness();
    const t0 = h.clock.now();
    const late = h.create('poll:create', { ...SINGLE, autoCloseSeconds: 60, openNow: true });
    h.clock.advance(5_000);
    const early = h.create('poll:create', { ...SINGLE, autoCloseSeconds: 20, openNow: true });
    expect(nextWakePolls(h.state)).toBe(t0 + 25_000);

    expect(duePollCloses(h.state, t0 + 24_999)).toEqual([]);
    expect(duePollCloses(h.state, t0 + 25_000)).toEqual([early]);
    expect(duePollCloses(h.state, t0 + 90_000)).toEqual([early, late]);

    h.clock.set(t0 + 25_000);
    for (const id of duePollCloses(h.state, h.clock.now())) h.close(id, NONE, 'auto');
    expect(h.state.polls.polls[early]).toMatchObject({ status: 'closed', closeReason: 'auto', closedAt: t0 + 25_000 });
    expect(nextWakePolls(h.state)).toBe(t0 + 60_000);
    expect(duePollCloses(h.state, t0 + 59_000)).toEqual([]);

    h.close(late, NONE);
    expect(nextWakePolls(h.state)).toBeNull();
  });

  it('a poll opened later gets its deadline from its opening', () => {
    const h = new Harness();
    const id = h.create('poll:create', { ...SINGLE, autoCloseSeconds: 5 });
    h.clock.advance(60_000);
    h.run('poll:open', { pollId: id });
    expect(nextWakePolls(h.state)).toBe(h.clock.now() + 5_000);
  });
});
