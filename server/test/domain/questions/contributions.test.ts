import { describe, expect, it } from 'vitest';
import { ofType } from '../../helpers/events.ts';
import { ContributionSubmitSchema } from '../../../src/protocol/questions.ts';
import { citizen, codeOf, Harness, makeState, payloadOf } from './fixtures.ts';

const ALICE = citizen('alice_c');

describe('contribution:submit', () => {
  it('records a written contribution', () => {
    const h = new Harness();
    const events = h.run('contribution:submit', { text: ' Mon avis écrit ', group: 'pour' }, ALICE);
    const { contribution } = payloadOf(events, 'contribution:submitted');
    expect(contribution).toEqual({
      id: expect.any(String),
      text: 'Mon avis écrit',
      authorId: 'alice_c',
      authorName: 'Name of alice_c',
      group: 'pour',
      status: 'submitted',
      submittedAt: h.clock.now(),
      readAt: null,
      turnId: null,
    });
    expect(h.state.questions.contributions[contribution.id]).toEqual(contribution);
  });

  it('an invited guest writes for their guest group', () => {
    const h = new Harness();
    const id = h.create('contribution:submit', { text: 'T', group: 'contre' }, citizen('guest_alice', 'speaker'));
    expect(h.state.questions.contributions[id]!.group).toBe('pour');
    const free = h.create('contribution:submit', { text: 'T' }, ALICE);
    expect(h.state.questions.contributions[free]!.group).toBeNull();
  });

  it('refuses when written interventions are not allowed, unknown groups, and outside a live debate', () => {
    const oral = new Harness(makeState({ interventionModes: ['oral'] }));
    expect(codeOf(() => oral.run('contribution:submit', { text: 'T' }, ALICE))).toBe('MODE_NOT_ALLOWED');
    const h = new Harness();
    expect(codeOf(() => h.run('contribution:submit', { text: 'T', group: 'autre' }, ALICE))).toBe('UNKNOWN_GROUP');
    const scheduled = new Harness(makeState({}, 'scheduled'));
    expect(codeOf(() => scheduled.run('contribution:submit', { text: 'T' }, ALICE))).toBe('DEBATE_NOT_LIVE');
    expect([...oral.events, ...h.events, ...scheduled.events]).toHaveLength(0);
  });

  it('validates the text', () => {
    expect(ContributionSubmitSchema.safeParse({ text: ' ' }).success).toBe(false);
    expect(ContributionSubmitSchema.safeParse({ text: 'x'.repeat(2001) }).success).toBe(false);
    expect(ContributionSubmitSchema.safeParse({ text: 'x'.repeat(2000) }).success).toBe(true);
  });
});

describe('contribution:read', () => {
  it('reading out opens a written turn under the author name', () => {
    const h = new Harness();
    const id = h.create('contribution:submit', { text: 'T', group: 'pour' }, ALICE);
    h.clock.advance(5_000);
    const events = h.run('contribution:read', { contributionId: id, seconds: 90 });
    expect(events.map((e) => e.type)).toEqual(['contribution:read', 'floor:granted']);
    const granted = payloadOf(events, 'floor:granted');
    expect(events[0]!.payload).toMatchObject({ contributionId: id, turnId: granted.turnId });
    expect(ofType(events[0], 'contribution:read').payload.contribution).toMatchObject({ id, text: 'T', status: 'read', turnId: granted.turnId });
    expect(granted).toMatchObject({
      participantId: 'alice_c',
      name: 'Name of alice_c',
      role: 'participant',
      group: 'pour',
      mode: 'written',
      allottedMs: 90_000,
      contributionId: id,
    });
    expect(h.state.questions.contributions[id]).toMatchObject({ status: 'read', readAt: h.clock.now(), turnId: granted.turnId });
    expect(h.state.turns.floor).toMatchObject({ turnId: granted.turnId, mode: 'written', contributionId: id });
  });

  it('leaves the author\'s raised hand in the queue; only the moderator lowers it, with an event', () => {
    const h = new Harness();
    h.run('queue:raise', { mode: 'oral', group: 'pour' }, ALICE);
    const id = h.create('contribution:submit', { text: 'À lire' }, ALICE);
    const events = h.run('contribution:read', { contributionId: id });
    expect(events.map((e) => e.type)).toEqual(['contribution:read', 'floor:granted']);
    expect(payloadOf(events, 'floor:granted').keepsQueueEntry).toBe(true);
    expect(h.state.turns.queue.map((e) => [e.participantId, e.mode])).toEqual([['alice_c', 'oral']]);
    h.run('floor:end', {});
    expect(h.state.turns.queue).toHaveLength(1);
    expect(h.run('queue:remove', { participantId: 'alice_c' }).map((e) => e.type)).toEqual(['queue:removed']);
    expect(h.state.turns.queue).toEqual([]);
  });

  it('uses the default turn length and the group quota', () => {
    const h = new Harness();
    const a = h.create('contribution:submit', { text: 'T' }, ALICE);
    const [, grant] = h.run('contribution:read', { contributionId: a });
    expect(ofType(grant, 'floor:granted').payload.allottedMs).toBe(180_000);
    h.run('floor:end', {});
    const b = h.create('contribution:submit', { text: 'T', group: 'contre' }, ALICE);
    const [, capped] = h.run('contribution:read', { contributionId: b, seconds: 600 });
    expect(capped!.payload).toMatchObject({ allottedMs: 60_000, cappedByQuota: true });
  });

  it('refuses while the floor is busy, and changes nothing', () => {
    const h = new Harness();
    const a = h.create('contribution:submit', { text: 'A' }, ALICE);
    const b = h.create('contribution:submit', { text: 'B' }, citizen('bob_c'));
    h.run('contribution:read', { contributionId: a });
    const before = h.events.length;
    expect(codeOf(() => h.run('contribution:read', { contributionId: b }))).toBe('FLOOR_BUSY');
    expect(h.events).toHaveLength(before);
    expect(h.state.questions.contributions[b]!.status).toBe('submitted');
  });

  it('only a submitted contribution can be read or dismissed', () => {
    const h = new Harness();
    const read = h.create('contribution:submit', { text: 'A' }, ALICE);
    const dismissed = h.create('contribution:submit', { text: 'B' }, ALICE);
    h.run('contribution:read', { contributionId: read });
    h.run('floor:end', {});
    expect(h.run('contribution:dismiss', { contributionId: dismissed })[0]!.payload).toEqual({ contributionId: dismissed });
    expect(h.state.questions.contributions[dismissed]!.status).toBe('dismissed');
    for (const contributionId of [read, dismissed]) {
      expect(codeOf(() => h.run('contribution:read', { contributionId }))).toBe('CONTRIBUTION_STATE');
      expect(codeOf(() => h.run('contribution:dismiss', { contributionId }))).toBe('CONTRIBUTION_STATE');
    }
    expect(codeOf(() => h.run('contribution:read', { contributionId: 'nope' }))).toBe('CONTRIBUTION_NOT_FOUND');
    expect(codeOf(() => h.run('contribution:dismiss', { contributionId: 'nope' }))).toBe('CONTRIBUTION_NOT_FOUND');
  });
});
