import { describe, expect, it } from 'vitest';
import { applyPolls, initialPolls } from '../../../src/domain/polls/index.ts';
import { ofType } from '../../helpers/events.ts';
import type { DebateEvent } from '../../../src/domain/types.ts';
import { citizen, Harness, makeState, MODERATOR, MULTIPLE, replay, SCALE, SINGLE } from './fixtures.ts';

describe('replaying poll events', () => {
  it('rebuilds the same state from the log', () => {
    const h = new Harness();
    const a = h.create('poll:create', { ...SINGLE, autoCloseSeconds: 30, openNow: true });
    h.clock.advance(2_000);
    const b = h.create('poll:propose', MULTIPLE, citizen('c1'));
    h.run('poll:approve', { pollId: b, openNow: true });
    const c = h.create('poll:propose', SCALE, citizen('c2'));
    h.run('poll:reject', { pollId: c, reason: 'non' });
    h.clock.advance(30_000);
    h.close(a, { counts: [1, 2, 0], totalBallots: 3 }, 'auto');
    h.close(b, { counts: [1, 0, 1, 0], totalBallots: 1 });
    h.create('poll:create', SCALE);

    const rebuilt = replay(h.state, h.events);
    expect(rebuilt.polls).toEqual(h.state.polls);
    expect(JSON.parse(JSON.stringify(rebuilt.polls))).toEqual(h.state.polls);
    expect(replay(h.state, h.events).polls).toEqual(rebuilt.polls);
  });

  it('does not alias the event payload, ignores unknown polls and foreign events', () => {
    const h = new Harness();
    const [created] = h.run('poll:create', SINGLE);
    const state = makeState();
    state.polls = initialPolls(state.modalities);
    applyPolls(state, created!);
    ofType(created, 'poll:created').payload.poll.options.push('mutated');
    expect(state.polls.polls[state.polls.order[0]!]!.options).toEqual(SINGLE.options);

    const before = structuredClone(state.polls);
    const stray: DebateEvent = { ...created!, seq: 2, type: 'poll:opened', payload: { pollId: 'ghost', openedAt: 1, closesAt: null } };
    applyPolls(state, stray);
    applyPolls(state, { ...created!, seq: 3, type: 'queue:lowered', payload: { participantId: 'x' }, actor: MODERATOR });
    applyPolls(state, created!);
    expect(state.polls).toEqual(before);
  });
});
