// Reading stored events: the upcasters bring payloads written before a shape change to
// today's shape (floor events before `cutAt` existed read as `cutAt: null`), leave
// current payloads untouched, and run before the union parses the row.
import { describe, expect, it } from 'vitest';
import { DebateEventSchema } from '../../src/protocol/events/index.ts';
import { readStoredEvent, upcast, UPCASTERS } from '../../src/protocol/events/read.ts';

const granted = {
  turnId: 't1',
  participantId: 'p1',
  name: 'Ana',
  role: 'participant',
  group: null,
  mode: 'oral',
  allottedMs: 60_000,
  grantedAt: 1_000,
  deadline: 61_000,
  agendaSlotId: null,
  contributionId: null,
  cappedByQuota: false,
};

const row = (type: string, payload: unknown) => ({ debateId: 'deb_1', seq: 7, at: 1_000, actor: { kind: 'system' }, type, payload, hash: 'h7' });

describe('upcasters', () => {
  it('read floor events written before cutAt as cutAt: null', () => {
    expect(upcast('floor:granted', granted)).toEqual({ ...granted, cutAt: null, keepsQueueEntry: false });
    expect(upcast('floor:resumed', { turnId: 't1', resumedAt: 5, deadline: 9 })).toEqual({ turnId: 't1', resumedAt: 5, deadline: 9, cutAt: null });
    const extended = { turnId: 't1', addedMs: 1, allottedMs: 2, deadline: null, remainingMs: 3 };
    expect(upcast('floor:extended', extended)).toEqual({ ...extended, cutAt: null, requestedMs: 1, quotaOverridden: false });
    const read = readStoredEvent(row('floor:granted', granted));
    expect(read).toMatchObject({ ok: true, event: { type: 'floor:granted', seq: 7, payload: { ...granted, cutAt: null, keepsQueueEntry: false } } });
  });

  it('read grants before keepsQueueEntry as taking the person out of the queue (what the fold did then)', () => {
    expect(upcast('floor:granted', { ...granted, cutAt: null, contributionId: 'c1' })).toMatchObject({ keepsQueueEntry: false });
    const current = { ...granted, cutAt: null, keepsQueueEntry: true };
    expect(upcast('floor:granted', current)).toBe(current);
  });

  it('leave a current payload unchanged (idempotent), and other types alone', () => {
    const current = { ...granted, cutAt: 61_000, keepsQueueEntry: false };
    expect(upcast('floor:granted', current)).toBe(current);
    expect(upcast('floor:granted', upcast('floor:granted', granted))).toEqual({ ...granted, cutAt: null, keepsQueueEntry: false });
    const paused = { turnId: 't1', pausedAt: 1, remainingMs: 2, spokenMs: 3 };
    expect(upcast('floor:paused', paused)).toBe(paused);
    expect(upcast('no:such-type', paused)).toBe(paused);
    expect(upcast('floor:granted', null)).toBeNull();
  });

  it('run before the parse: the old shape alone does not fit today\'s schema', () => {
    expect(Object.keys(UPCASTERS).sort()).toEqual(['floor:extended', 'floor:granted', 'floor:resumed']);
    expect(DebateEventSchema.safeParse(row('floor:granted', granted)).success).toBe(false);
    expect(readStoredEvent(row('floor:granted', granted)).ok).toBe(true);
    // An upcaster fills what is missing; it never excuses a wrong value.
    expect(readStoredEvent(row('floor:granted', { ...granted, cutAt: 'never' })).ok).toBe(false);
  });
});
