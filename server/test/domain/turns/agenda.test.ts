import { describe, expect, it } from 'vitest';
import { initialTurns } from '../../../src/domain/turns/index.ts';
import type { FloorGranted } from '../../../src/domain/turns/index.ts';
import { citizen, codeOf, Harness, makeState, payloadOf } from './fixtures.ts';

const OXFORD = {
  template: 'oxford' as const,
  turn: { defaultSeconds: 240 },
  groups: [
    { id: 'pour', name: 'Pour' },
    { id: 'contre', name: 'Contre' },
  ],
  guests: [
    { id: 'alice', name: 'Alice', group: 'pour' },
    { id: 'anne', name: 'Anne', group: 'pour' },
    { id: 'bob', name: 'Bob', group: 'contre' },
  ],
};

function slotStatus(h: Harness): string[] {
  return h.state.turns.agenda.map((s) => `${s.id}:${s.status}`);
}

describe('agenda', () => {
  it('free has no agenda; oxford builds the seven slots with the first guest of each side', () => {
    expect(makeState().turns.agenda).toEqual([]);
    const agenda = initialTurns(makeState(OXFORD).modalities).agenda;
    expect(agenda.map((s) => [s.id, s.kind, s.group, s.guestId, s.seconds, s.status])).toEqual([
      ['opening_for', 'speech', 'pour', 'alice', 240, 'pending'],
      ['opening_against', 'speech', 'contre', 'bob', 240, 'pending'],
      ['rebuttal_for', 'speech', 'pour', 'alice', 240, 'pending'],
      ['rebuttal_against', 'speech', 'contre', 'bob', 240, 'pending'],
      ['audience', 'audience', null, null, 240, 'pending'],
      ['closing_against', 'speech', 'contre', 'bob', 240, 'pending'],
      ['closing_for', 'speech', 'pour', 'alice', 240, 'pending'],
    ]);
    expect(agenda[0]!.label).toContain('Pour');
  });

  it('"next" follows the agenda: guest slots, then the queue during audience questions', () => {
    const h = new Harness(makeState(OXFORD));
    h.raise(['citizen1']);
    const first = payloadOf(h.run('floor:grant', {}), 'floor:granted');
    expect(first).toMatchObject({ participantId: 'guest_alice', agendaSlotId: 'opening_for', allottedMs: 240_000 });
    expect(slotStatus(h)[0]).toBe('opening_for:current');
    h.clock.advance(1000);
    h.run('floor:end', {});
    expect(slotStatus(h)[0]).toBe('opening_for:done');

    expect(payloadOf(h.run('floor:grant', {}), 'floor:granted').participantId).toBe('guest_bob');
    h.run('floor:end', {});
    // Skip both rebuttals: enter the first, close it and enter the second, close it and enter the audience.
    h.run('agenda:advance', {});
    h.run('agenda:advance', {});
    h.run('agenda:advance', {});
    expect(slotStatus(h).slice(2, 5)).toEqual(['rebuttal_for:done', 'rebuttal_against:done', 'audience:current']);
    const q = payloadOf(h.run('floor:grant', { seconds: 60 }), 'floor:granted');
    expect(q).toMatchObject({ participantId: 'citizen1', agendaSlotId: 'audience', allottedMs: 60_000 });
    h.run('floor:end', {});
    // The audience slot stays open for more questions until advanced.
    expect(slotStatus(h)[4]).toBe('audience:current');
    expect(codeOf(() => h.run('floor:grant', {}))).toBe('QUEUE_EMPTY');
    h.run('agenda:advance', {});
    expect(slotStatus(h).slice(4, 6)).toEqual(['audience:done', 'closing_against:current']);
    expect(payloadOf(h.run('floor:grant', {}), 'floor:granted')).toMatchObject({
      participantId: 'guest_bob',
      agendaSlotId: 'closing_against',
    });
  });

  it('an explicit slot, for a named participant, with the slot seconds; done slots refused', () => {
    const h = new Harness(makeState(OXFORD));
    h.run('queue:raise', { mode: 'oral' }, citizen('x'));
    const g = payloadOf(h.run('floor:grant', { participantId: 'guest_anne', agendaSlotId: 'rebuttal_for' }), 'floor:granted');
    expect(g).toMatchObject({ participantId: 'guest_anne', agendaSlotId: 'rebuttal_for', allottedMs: 240_000 });
    h.run('floor:end', {});
    expect(codeOf(() => h.run('floor:grant', { agendaSlotId: 'rebuttal_for' }))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => h.run('floor:grant', { agendaSlotId: 'nope' }))).toBe('NOT_FOUND');
    // Explicit speech slot without participant: the slot's guest.
    expect(payloadOf(h.run('floor:grant', { agendaSlotId: 'closing_for' }), 'floor:granted').participantId).toBe(
      'guest_alice',
    );
  });

  it('after a speech, "next step" enters the next slot without marking it done', () => {
    const h = new Harness(makeState(OXFORD));
    h.run('floor:grant', {});
    h.clock.advance(5000);
    h.run('floor:end', {});
    const events = h.run('agenda:advance', {});
    expect(events.map((e) => e.type)).toEqual(['agenda:entered']);
    expect(slotStatus(h).slice(0, 3)).toEqual(['opening_for:done', 'opening_against:current', 'rebuttal_for:pending']);
    // "Next" now gives the floor to the slot's guest, for that slot.
    expect(payloadOf(h.run('floor:grant', {}), 'floor:granted')).toMatchObject({ participantId: 'guest_bob', agendaSlotId: 'opening_against' });
    h.run('floor:end', {});
    expect(slotStatus(h)[1]).toBe('opening_against:done');
  });

  it('agenda:advance closes the current slot and enters the next, until none is left', () => {
    const h = new Harness(makeState(OXFORD));
    expect(h.run('agenda:advance', {}).map((e) => e.type)).toEqual(['agenda:entered']);
    expect(h.run('agenda:advance', {}).map((e) => e.type)).toEqual(['agenda:advanced', 'agenda:entered']);
    for (let i = 0; i < 6; i++) h.run('agenda:advance', {});
    expect(h.state.turns.agenda.every((s) => s.status === 'done')).toBe(true);
    expect(codeOf(() => h.run('agenda:advance', {}))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => new Harness(makeState()).run('agenda:advance', {}))).toBe('ILLEGAL_TRANSITION');
  });
});
