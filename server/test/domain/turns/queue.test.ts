import { describe, expect, it } from 'vitest';
import { citizen, codeOf, Harness, makeState } from './fixtures.ts';

/** Give each id a finished turn of `ms` so least_spoken_first has something to sort on. */
function speak(h: Harness, id: string, ms: number): void {
  h.run('queue:raise', { mode: 'oral' }, citizen(id));
  h.run('floor:grant', { participantId: id });
  h.clock.advance(ms);
  h.run('floor:end', {});
}

describe('queue:raise', () => {
  it('fifo appends in arrival order and records the entry', () => {
    const h = new Harness(makeState({ groups: [{ id: 'pour', name: 'Pour' }] }));
    const t0 = h.clock.now();
    const [ev] = h.run('queue:raise', { mode: 'written', group: 'pour' }, citizen('a'));
    h.raise(['b', 'c']);
    expect(h.queueIds()).toEqual(['a', 'b', 'c']);
    expect(ev!.payload).toEqual({
      entry: { participantId: 'a', name: 'Name of a', role: 'participant', mode: 'written', group: 'pour', raisedAt: t0, priority: false },
      position: 0,
    });
  });

  it('least_spoken_first puts the raiser before those who spoke longer, ties in arrival order', () => {
    const h = new Harness(makeState({ queuePolicy: 'least_spoken_first' }));
    speak(h, 'long', 50_000);
    speak(h, 'short', 10_000);
    speak(h, 'mid', 20_000);
    h.raise(['long', 'mid', 'short']);
    expect(h.queueIds()).toEqual(['short', 'mid', 'long']);
    // Nobody spoke: goes before every one who did.
    h.raise(['new1', 'new2']);
    expect(h.queueIds()).toEqual(['new1', 'new2', 'short', 'mid', 'long']);
    expect(h.events.at(-1)!.payload).toMatchObject({ position: 1 });
  });

  it('least_spoken_first never jumps ahead of a point of order', () => {
    const h = new Harness(makeState({ queuePolicy: 'least_spoken_first' }));
    speak(h, 'talker', 30_000);
    h.raise(['talker']);
    h.run('queue:prioritize', { participantId: 'talker' });
    h.raise(['quiet']);
    expect(h.queueIds()).toEqual(['talker', 'quiet']);
  });

  it('refuses when not live, mode not allowed, unknown group, already queued or holding the floor', () => {
    const h = new Harness(makeState({ interventionModes: ['oral'] }));
    expect(codeOf(() => h.run('queue:raise', { mode: 'written' }, citizen('a')))).toBe('MODE_NOT_ALLOWED');
    expect(codeOf(() => h.run('queue:raise', { mode: 'oral', group: 'nope' }, citizen('a')))).toBe('UNKNOWN_GROUP');
    h.run('queue:raise', { mode: 'oral' }, citizen('a'));
    expect(codeOf(() => h.run('queue:raise', { mode: 'oral' }, citizen('a')))).toBe('ALREADY_IN_QUEUE');
    h.run('floor:grant', {});
    expect(codeOf(() => h.run('queue:raise', { mode: 'oral' }, citizen('a')))).toBe('FLOOR_BUSY');
    h.state.status = 'scheduled';
    expect(codeOf(() => h.run('queue:raise', { mode: 'oral' }, citizen('b')))).toBe('DEBATE_NOT_LIVE');
    expect(() => h.run('queue:raise', { mode: 'oral', extra: 1 }, citizen('b'))).toThrow();
  });

  it("a speaker's group is their guest group, whatever they send", () => {
    const h = new Harness(
      makeState({
        groups: [{ id: 'pour', name: 'Pour' }, { id: 'contre', name: 'Contre' }],
        guests: [{ id: 'alice', name: 'Alice', group: 'contre' }],
      }),
    );
    h.run('queue:raise', { mode: 'oral', group: 'pour' }, citizen('guest_alice', 'speaker'));
    expect(h.state.turns.queue[0]).toMatchObject({ participantId: 'guest_alice', role: 'speaker', group: 'contre' });
  });
});

describe('queue moderation', () => {
  it('lower, move (clamped), remove', () => {
    const h = new Harness(makeState());
    h.raise(['a', 'b', 'c', 'd']);
    h.run('queue:lower', {}, citizen('b'));
    expect(h.queueIds()).toEqual(['a', 'c', 'd']);
    expect(codeOf(() => h.run('queue:lower', {}, citizen('b')))).toBe('NOT_IN_QUEUE');
    h.run('queue:move', { participantId: 'd', position: 0 });
    expect(h.queueIds()).toEqual(['d', 'a', 'c']);
    const [moved] = h.run('queue:move', { participantId: 'd', position: 99 });
    expect(moved!.payload).toEqual({ participantId: 'd', position: 2 });
    expect(h.queueIds()).toEqual(['a', 'c', 'd']);
    h.run('queue:remove', { participantId: 'a' });
    expect(h.queueIds()).toEqual(['c', 'd']);
    expect(codeOf(() => h.run('queue:remove', { participantId: 'a' }))).toBe('NOT_IN_QUEUE');
    expect(codeOf(() => h.run('queue:move', { participantId: 'zz', position: 0 }))).toBe('NOT_IN_QUEUE');
  });

  it('prioritize moves to the top after earlier points of order, once', () => {
    const h = new Harness(makeState());
    h.raise(['a', 'b', 'c', 'd']);
    h.run('queue:prioritize', { participantId: 'c' });
    h.run('queue:prioritize', { participantId: 'd' });
    expect(h.queueIds()).toEqual(['c', 'd', 'a', 'b']);
    expect(h.state.turns.queue.map((e) => e.priority)).toEqual([true, true, false, false]);
    expect(h.run('queue:prioritize', { participantId: 'd' })).toEqual([]);
    expect(h.queueIds()).toEqual(['c', 'd', 'a', 'b']);
    // fifo: a new hand still goes to the end.
    h.raise(['e']);
    expect(h.queueIds()).toEqual(['c', 'd', 'a', 'b', 'e']);
  });
});
