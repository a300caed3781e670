import { describe, expect, it } from 'vitest';
import { buildGrant, guestForParticipant, guestParticipantId } from '../../../src/domain/turns/index.ts';
import type { FloorGranted } from '../../../src/domain/turns/index.ts';
import { citizen, codeOf, Harness, makeState, MODERATOR, payloadOf } from './fixtures.ts';

const GROUPS = {
  groups: [
    { id: 'pour', name: 'Pour', quotaSeconds: 300 },
    { id: 'contre', name: 'Contre', quotaSeconds: null },
  ],
  guests: [
    { id: 'alice', name: 'Alice', group: 'pour' },
    { id: 'bob', name: 'Bob', group: 'contre' },
    { id: 'carol', name: 'Carol' },
  ],
};

describe('floor:grant', () => {
  it('"next" takes the head of the queue, removes it from the queue, default seconds', () => {
    const h = new Harness(makeState({ turn: { defaultSeconds: 120 } }));
    h.raise(['a', 'b']);
    const now = h.clock.now();
    const granted = payloadOf(h.run('floor:grant', {}), 'floor:granted');
    expect(granted).toEqual({
      turnId: 'turn_1',
      participantId: 'a',
      name: 'Name of a',
      role: 'participant',
      group: null,
      mode: 'oral',
      allottedMs: 120_000,
      grantedAt: now,
      deadline: now + 120_000,
      agendaSlotId: null,
      contributionId: null,
      cappedByQuota: false,
      cutAt: now + 120_000,
      keepsQueueEntry: false,
    });
    expect(h.queueIds()).toEqual(['b']);
    expect(h.state.turns.floor).toMatchObject({ participantId: 'a', runningSince: now, accumulatedMs: 0, deadline: now + 120_000 });
  });

  it('a named participant from the middle of the queue, with explicit seconds', () => {
    const h = new Harness(makeState());
    h.raise(['a', 'b', 'c'], 'written');
    const g = payloadOf(h.run('floor:grant', { participantId: 'b', seconds: 45 }), 'floor:granted');
    expect(g).toMatchObject({ participantId: 'b', mode: 'written', allottedMs: 45_000 });
    expect(h.queueIds()).toEqual(['a', 'c']);
  });

  it('a guest by participant id, with their group', () => {
    const h = new Harness(makeState(GROUPS));
    expect(guestParticipantId('bob')).toBe('guest_bob');
    expect(guestForParticipant(h.state.modalities, 'guest_bob')?.name).toBe('Bob');
    expect(guestForParticipant(h.state.modalities, 'bob')).toBeNull();
    const g = payloadOf(h.run('floor:grant', { participantId: 'guest_bob' }), 'floor:granted');
    expect(g).toMatchObject({ participantId: 'guest_bob', name: 'Bob', role: 'speaker', group: 'contre', mode: 'oral' });
  });

  it('refuses: not live, floor busy, empty queue, unknown participant', () => {
    const h = new Harness(makeState(GROUPS));
    expect(codeOf(() => h.run('floor:grant', {}))).toBe('QUEUE_EMPTY');
    expect(codeOf(() => h.run('floor:grant', { participantId: 'ghost' }))).toBe('PARTICIPANT_NOT_FOUND');
    expect(codeOf(() => h.run('floor:grant', { participantId: 'guest_nobody' }))).toBe('PARTICIPANT_NOT_FOUND');
    h.run('floor:grant', { participantId: 'guest_carol' });
    expect(codeOf(() => h.run('floor:grant', { participantId: 'guest_bob' }))).toBe('FLOOR_BUSY');
    h.run('floor:end', {});
    h.state.status = 'ended';
    expect(codeOf(() => h.run('floor:grant', { participantId: 'guest_bob' }))).toBe('DEBATE_NOT_LIVE');
    expect(() => h.run('floor:grant', { seconds: 0 })).toThrow();
    expect(() => h.run('floor:grant', { seconds: 3601 })).toThrow();
  });
});

describe('quotas', () => {
  it('caps the allotted time by what remains of the group quota, then refuses', () => {
    const h = new Harness(makeState({ ...GROUPS, turn: { defaultSeconds: 200 } }));
    h.run('floor:grant', { participantId: 'guest_alice' });
    h.clock.advance(150_000);
    h.run('floor:end', {});
    expect(h.state.turns.groupSpokenMs).toEqual({ pour: 150_000 });

    h.run('queue:raise', { mode: 'oral', group: 'pour' }, citizen('a'));
    const g = payloadOf(h.run('floor:grant', {}), 'floor:granted');
    expect(g).toMatchObject({ participantId: 'a', group: 'pour', allottedMs: 150_000, cappedByQuota: true });
    h.clock.advance(150_000);
    expect(h.tick().map((e) => e.type)).toEqual(['floor:expired']);
    expect(h.state.turns.groupSpokenMs.pour).toBe(300_000);
    expect(codeOf(() => h.run('floor:grant', { participantId: 'guest_alice' }))).toBe('QUOTA_EXHAUSTED');
    // Unlimited group: no cap at all.
    const bob = payloadOf(h.run('floor:grant', { participantId: 'guest_bob', seconds: 3600 }), 'floor:granted');
    expect(bob).toMatchObject({ allottedMs: 3_600_000, cappedByQuota: false });
  });

  it('buildGrant (used for written read-outs) applies the same rules and carries the contribution', () => {
    const h = new Harness(makeState({ ...GROUPS, turn: { defaultSeconds: 600 } }));
    const ctx = h.ctx(MODERATOR);
    const req = { participantId: 'p1', name: 'P1', role: 'participant' as const, group: 'pour', mode: 'written' as const, contributionId: 'c_9' };
    const [d] = buildGrant(h.state, req, ctx);
    expect(d!.payload).toMatchObject({ participantId: 'p1', allottedMs: 300_000, cappedByQuota: true, contributionId: 'c_9', mode: 'written' });
    h.commit([d!], MODERATOR);
    expect(h.state.turns.floor?.contributionId).toBe('c_9');
    expect(codeOf(() => buildGrant(h.state, req, h.ctx(MODERATOR)))).toBe('FLOOR_BUSY');
  });
});
