// The room screen: a public question shown on the display (one at a time, none), a poll
// taken off it; refusals; a hidden question leaves the screen; replay gives the same slice.
import { describe, expect, it } from 'vitest';
import { rebuild } from '../../src/domain/debate.ts';
import { citizen, codeOf, Harness } from './questions/fixtures.ts';

describe('screen', () => {
  it('shows one public question at a time, then none; a hidden question leaves the screen', () => {
    const h = new Harness();
    const a = h.create('question:ask', { text: 'A ?' }, citizen('ana'));
    const b = h.create('question:ask', { text: 'B ?' }, citizen('ben'));
    expect(codeOf(() => h.run('screen:show-question', { questionId: a }))).toBe('QUESTION_STATE');
    h.run('question:approve', { questionId: a });
    h.run('question:approve', { questionId: b });
    expect(h.run('screen:show-question', { questionId: a }).map((e) => e.type)).toEqual(['screen:question-shown']);
    expect(h.state.screen.questionId).toBe(a);
    expect(h.run('screen:show-question', { questionId: a })).toEqual([]);
    h.run('screen:show-question', { questionId: b });
    expect(h.state.screen.questionId).toBe(b);
    h.run('question:hide', { questionId: b });
    expect(h.state.screen.questionId).toBeNull();
    h.run('screen:show-question', { questionId: a });
    h.run('screen:show-question', { questionId: null });
    expect(h.state.screen.questionId).toBeNull();
    expect(codeOf(() => h.run('screen:show-question', { questionId: 'nope' }))).toBe('QUESTION_NOT_FOUND');
    expect(rebuild(h.state.debateId, h.events).screen).toEqual(h.state.screen);
  });

  it('takes a poll off the screen once; unknown polls refused', () => {
    const h = new Harness();
    const [created] = h.run('poll:create', { question: 'Q ?', kind: 'single', options: ['a', 'b'], openNow: true });
    const pollId = (created!.payload as { poll: { id: string } }).poll.id;
    expect(h.run('screen:hide-poll', { pollId }).map((e) => e.type)).toEqual(['screen:poll-hidden']);
    expect(h.run('screen:hide-poll', { pollId })).toEqual([]);
    expect(h.state.screen.hiddenPollIds).toEqual([pollId]);
    expect(codeOf(() => h.run('screen:hide-poll', { pollId: 'nope' }))).toBe('POLL_NOT_FOUND');
  });
});
