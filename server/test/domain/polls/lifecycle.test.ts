import { describe, expect, it } from 'vitest';
import type { PollOpened, PollProposed } from '../../../src/domain/polls/index.ts';
import { assertClosable, closePollDraft, pollsCommands } from '../../../src/domain/polls/index.ts';
import { citizen, codeOf, Harness, makeState, MODERATOR, MULTIPLE, payloadOf, SCALE, SINGLE } from './fixtures.ts';

describe('poll:create', () => {
  it('creates a draft with the normalised definition', () => {
    const h = new Harness();
    const events = h.run('poll:create', { ...SINGLE, autoCloseSeconds: 60 });
    expect(events.map((e) => e.type)).toEqual(['poll:created']);
    const poll = h.state.polls.polls[h.state.polls.order[0]!]!;
    expect(poll).toMatchObject({
      status: 'draft',
      kind: 'single',
      options: ['Pour', 'Contre', 'Abstention'],
      maxChoices: null,
      scaleMax: null,
      createdBy: 'mod',
      proposedBy: null,
      createdAt: h.clock.now(),
      openedAt: null,
      closesAt: null,
      results: null,
    });
  });

  it('a multiple poll without a limit allows every option; a scale has no options', () => {
    const h = new Harness();
    const { maxChoices: _omit, ...unlimited } = MULTIPLE;
    const m = h.create('poll:create', unlimited);
    const s = h.create('poll:create', SCALE);
    expect(h.state.polls.polls[m]!.maxChoices).toBe(4);
    expect(h.state.polls.polls[s]).toMatchObject({ options: [], scaleMax: 5, maxChoices: null });
  });

  it('openNow opens it at once, with the auto-close deadline', () => {
    const h = new Harness();
    const events = h.run('poll:create', { ...SINGLE, autoCloseSeconds: 30, openNow: true });
    expect(events.map((e) => e.type)).toEqual(['poll:created', 'poll:opened']);
    const opened = payloadOf(events, 'poll:opened');
    expect(opened).toEqual({ pollId: expect.any(String), openedAt: h.clock.now(), closesAt: h.clock.now() + 30_000 });
    expect(h.state.polls.polls[opened.pollId]).toMatchObject({ status: 'open', closesAt: h.clock.now() + 30_000 });
  });

  it('refuses when polls are disabled', () => {
    const h = new Harness(makeState({ pollsEnabled: false }));
    expect(codeOf(() => h.run('poll:create', SINGLE))).toBe('POLLS_DISABLED');
    expect(codeOf(() => h.run('poll:propose', SINGLE, citizen('c1')))).toBe('POLLS_DISABLED');
    expect(h.events).toHaveLength(0);
  });

  it('prepares drafts before the start, but opens only in a live debate', () => {
    const h = new Harness(makeState({}, 'scheduled'));
    h.run('poll:create', SINGLE);
    expect(codeOf(() => h.run('poll:create', { ...SINGLE, openNow: true }))).toBe('DEBATE_NOT_LIVE');
    expect(h.events.map((e) => e.type)).toEqual(['poll:created']);
  });

  it('refuses once the debate has ended', () => {
    const h = new Harness(makeState({}, 'ended'));
    expect(codeOf(() => h.run('poll:create', SINGLE))).toBe('DEBATE_NOT_LIVE');
    expect(codeOf(() => h.run('poll:propose', SINGLE, citizen('c1')))).toBe('DEBATE_NOT_LIVE');
  });
});

describe('poll:propose / approve / reject', () => {
  it('a citizen proposes; the moderator approves it into a draft', () => {
    const h = new Harness();
    const events = h.run('poll:propose', SINGLE, citizen('c1'));
    const { poll } = payloadOf(events, 'poll:proposed');
    expect(poll).toMatchObject({ status: 'proposed', proposedBy: 'c1', createdBy: 'c1' });
    expect(h.run('poll:approve', { pollId: poll.id }).map((e) => e.type)).toEqual(['poll:approved']);
    expect(h.state.polls.polls[poll.id]!.status).toBe('draft');
  });

  it('approve with openNow opens it', () => {
    const h = new Harness();
    const id = h.create('poll:propose', SCALE, citizen('c1', 'speaker'));
    const events = h.run('poll:approve', { pollId: id, openNow: true });
    expect(events.map((e) => e.type)).toEqual(['poll:approved', 'poll:opened']);
    expect(h.state.polls.polls[id]).toMatchObject({ status: 'open', openedAt: h.clock.now(), closesAt: null });
  });

  it('reject keeps the reason', () => {
    const h = new Harness();
    const id = h.create('poll:propose', SINGLE, citizen('c1'));
    const events = h.run('poll:reject', { pollId: id, reason: 'hors sujet' });
    expect(events[0]!.payload).toEqual({ pollId: id, reason: 'hors sujet' });
    expect(h.state.polls.polls[id]).toMatchObject({ status: 'rejected', rejectReason: 'hors sujet' });
    const other = h.create('poll:propose', SINGLE, citizen('c2'));
    expect(h.run('poll:reject', { pollId: other })[0]!.payload).toEqual({ pollId: other, reason: null });
  });

  it('approve and reject act only on proposals', () => {
    const h = new Harness();
    const draft = h.create('poll:create', SINGLE);
    const rejected = h.create('poll:propose', SINGLE, citizen('c1'));
    h.run('poll:reject', { pollId: rejected });
    for (const pollId of [draft, rejected]) {
      expect(codeOf(() => h.run('poll:approve', { pollId }))).toBe('POLL_STATE');
      expect(codeOf(() => h.run('poll:reject', { pollId }))).toBe('POLL_STATE');
    }
    expect(codeOf(() => h.run('poll:approve', { pollId: 'nope' }))).toBe('POLL_NOT_FOUND');
    expect(codeOf(() => h.run('poll:reject', { pollId: 'nope' }))).toBe('POLL_NOT_FOUND');
  });

  it('approve with openNow refuses, and changes nothing, when the debate is not live', () => {
    const h = new Harness(makeState({}, 'scheduled'));
    const id = h.create('poll:propose', SINGLE, citizen('c1'));
    expect(codeOf(() => h.run('poll:approve', { pollId: id, openNow: true }))).toBe('DEBATE_NOT_LIVE');
    expect(h.state.polls.polls[id]!.status).toBe('proposed');
  });
});

describe('poll:open', () => {
  it('opens a draft', () => {
    const h = new Harness();
    const id = h.create('poll:create', { ...SINGLE, autoCloseSeconds: 5 });
    h.clock.advance(1000);
    h.run('poll:open', { pollId: id });
    expect(h.state.polls.polls[id]).toMatchObject({ status: 'open', openedAt: h.clock.now(), closesAt: h.clock.now() + 5000 });
  });

  it('refuses anything but a draft, unknown polls, and a debate that is not live', () => {
    const h = new Harness();
    const proposed = h.create('poll:propose', SINGLE, citizen('c1'));
    const open = h.create('poll:create', { ...SINGLE, openNow: true });
    const closed = h.create('poll:create', { ...SINGLE, openNow: true });
    h.close(closed, { counts: [0, 0, 0], totalBallots: 0 });
    for (const pollId of [proposed, open, closed]) expect(codeOf(() => h.run('poll:open', { pollId }))).toBe('POLL_STATE');
    expect(codeOf(() => h.run('poll:open', { pollId: 'nope' }))).toBe('POLL_NOT_FOUND');
    const scheduled = new Harness(makeState({}, 'scheduled'));
    const id = scheduled.create('poll:create', SINGLE);
    expect(codeOf(() => scheduled.run('poll:open', { pollId: id }))).toBe('DEBATE_NOT_LIVE');
  });
});

describe('closing', () => {
  it('assertClosable: unknown and non-open polls', () => {
    const h = new Harness();
    const draft = h.create('poll:create', SINGLE);
    expect(codeOf(() => assertClosable(h.state, 'nope'))).toBe('POLL_NOT_FOUND');
    expect(codeOf(() => assertClosable(h.state, draft))).toBe('POLL_NOT_OPEN');
    h.run('poll:open', { pollId: draft });
    expect(assertClosable(h.state, draft).id).toBe(draft);
  });

  it('poll:closed carries the counted results and folds them', () => {
    const h = new Harness();
    const id = h.create('poll:create', { ...SINGLE, visibility: 'after_close', openNow: true });
    h.clock.advance(10_000);
    const [event] = h.close(id, { counts: [3, 1, 0], totalBallots: 4 });
    expect(event!.payload).toEqual({
      pollId: id,
      closedAt: h.clock.now(),
      reason: 'moderator',
      results: { counts: [3, 1, 0], totalBallots: 4 },
      visibility: 'after_close',
    });
    expect(h.state.polls.polls[id]).toMatchObject({
      status: 'closed',
      closedAt: h.clock.now(),
      closeReason: 'moderator',
      results: { counts: [3, 1, 0], totalBallots: 4 },
    });
    expect(codeOf(() => h.close(id, { counts: [3, 1, 0], totalBallots: 4 }))).toBe('POLL_NOT_OPEN');
  });

  it('keeps a scale mean, drops an undefined one, refuses results of the wrong size', () => {
    const h = new Harness();
    const id = h.create('poll:create', { ...SCALE, openNow: true });
    const empty = closePollDraft(h.state, id, 'auto', { counts: [0, 0, 0, 0, 0], totalBallots: 0, mean: undefined }, 1);
    expect(Object.keys(empty.payload.results)).toEqual(['counts', 'totalBallots']);
    const full = closePollDraft(h.state, id, 'auto', { counts: [0, 0, 1, 0, 1], totalBallots: 2, mean: 4 }, 1);
    expect(full.payload.results).toEqual({ counts: [0, 0, 1, 0, 1], totalBallots: 2, mean: 4 });
    expect(codeOf(() => closePollDraft(h.state, id, 'auto', { counts: [1, 1], totalBallots: 2 }, 1))).toBe('INTERNAL');
  });
});

describe('command table', () => {
  it('moderators run polls, citizens propose', () => {
    expect(Object.fromEntries(Object.entries(pollsCommands).map(([k, v]) => [k, [...v.roles]]))).toEqual({
      'poll:create': ['moderator'],
      'poll:propose': ['participant', 'speaker'],
      'poll:approve': ['moderator'],
      'poll:reject': ['moderator'],
      'poll:open': ['moderator'],
    });
    const h = new Harness();
    expect(codeOf(() => h.run('poll:create', SINGLE, citizen('c1')))).toBe('FORBIDDEN');
    expect(codeOf(() => h.run('poll:propose', SINGLE, MODERATOR))).toBe('FORBIDDEN');
  });
});
