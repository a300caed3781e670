import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESENCE_GRACE_MS, pickNext, presenceDrafts, presenceFor } from '../../../src/domain/turns/index.ts';
import { citizen, codeOf, Harness, makeState, SYSTEM } from './fixtures.ts';

const GRACE = DEFAULT_PRESENCE_GRACE_MS;

/** Record a presence change the way the live layer does (only when it changes). */
function presence(h: Harness, id: string, connected: boolean) {
  return h.commit(presenceDrafts(h.state, [{ participantId: id, name: `Name of ${id}`, role: 'participant', connected }], h.clock.now()), SYSTEM);
}

describe('presence', () => {
  it('is recorded only when it changes, with the instant, and only for citizens and guests of a running debate', () => {
    const h = new Harness(makeState());
    const t0 = h.clock.now();
    expect(presence(h, 'a', true)).toHaveLength(1);
    h.clock.advance(5000);
    expect(presence(h, 'a', true)).toHaveLength(0);
    expect(presence(h, 'a', false)[0]!.payload).toEqual({ changes: [{ participantId: 'a', name: 'Name of a', role: 'participant', connected: false, since: t0 + 5000 }] });
    expect(h.state.turns.presence.a).toEqual({ name: 'Name of a', role: 'participant', connected: false, since: t0 + 5000 });
    const staff = presenceDrafts(h.state, [{ participantId: 'mod', name: 'M', role: 'moderator', connected: true }], h.clock.now());
    expect(staff).toEqual([]);
    // A batch: only the changes.
    const batch = presenceDrafts(
      h.state,
      [
        { participantId: 'a', name: 'Name of a', role: 'participant', connected: false },
        { participantId: 'g', name: 'Guest', role: 'speaker', connected: true },
      ],
      h.clock.now(),
    );
    expect(batch).toEqual([{ type: 'presence:changed', payload: { changes: [{ participantId: 'g', name: 'Guest', role: 'speaker', connected: true, since: t0 + 5000 }] } }]);
    expect(presenceFor(h.state.turns.presence, { role: 'moderator' })).toEqual(h.state.turns.presence);
    expect(presenceFor(h.state.turns.presence, { role: 'participant' })).toEqual({});
    expect(presenceFor(h.state.turns.presence, { role: 'display' })).toEqual({});
    h.state.status = 'ended';
    expect(presenceDrafts(h.state, [{ participantId: 'b', name: 'B', role: 'participant', connected: true }], h.clock.now())).toEqual([]);
  });
});

describe('"next" and the absent', () => {
  it('passes over people away longer than the grace period, says whom, and they keep their place', () => {
    const h = new Harness(makeState());
    h.raise(['a', 'b', 'c']);
    for (const id of ['a', 'b', 'c']) presence(h, id, true);
    presence(h, 'a', false);
    const awaySince = h.clock.now();
    // Within the grace (a reload, a tunnel): still their turn.
    h.clock.advance(GRACE);
    expect(pickNext(h.state.turns.queue, h.state.turns.presence, h.clock.now(), GRACE).next!.participantId).toBe('a');
    h.clock.advance(1);
    const events = h.run('floor:grant', {});
    expect(events.map((e) => e.type)).toEqual(['queue:skipped', 'floor:granted']);
    expect(events[0]!.payload).toEqual({ skipped: [{ participantId: 'a', name: 'Name of a', awaySince }], graceMs: GRACE });
    expect(h.state.turns.floor!.participantId).toBe('b');
    expect(h.queueIds()).toEqual(['a', 'c']);
  });

  it('the moderator can still give the floor to someone away, by name', () => {
    const h = new Harness(makeState());
    h.raise(['a']);
    presence(h, 'a', false);
    h.clock.advance(10 * GRACE);
    const events = h.run('floor:grant', { participantId: 'a' });
    expect(events.map((e) => e.type)).toEqual(['floor:granted']);
  });

  it('someone back in time is not skipped; never-recorded presence counts as present', () => {
    const h = new Harness(makeState());
    h.raise(['a', 'b']);
    presence(h, 'a', false);
    h.clock.advance(GRACE + 1000);
    presence(h, 'a', true);
    expect(h.run('floor:grant', {}).map((e) => e.type)).toEqual(['floor:granted']);
    expect(h.state.turns.floor!.participantId).toBe('a');
    h.run('floor:end', {});
    // b never had a presence recorded (an older log): present.
    expect(h.run('floor:grant', {})[0]!.payload).toMatchObject({ participantId: 'b' });
  });

  it('refuses "next" when everyone waiting is away, naming them', () => {
    const h = new Harness(makeState());
    h.raise(['a', 'b']);
    presence(h, 'a', false);
    presence(h, 'b', false);
    h.clock.advance(GRACE + 1);
    expect(codeOf(() => h.run('floor:grant', {}))).toBe('EVERYONE_AWAY');
    expect(h.state.turns.floor).toBeNull();
    expect(codeOf(() => new Harness(makeState()).run('floor:grant', {}))).toBe('QUEUE_EMPTY');
  });

  it('uses the configured grace period', () => {
    const h = new Harness(makeState());
    h.presenceGraceMs = 1000;
    h.raise(['a', 'b']);
    presence(h, 'a', false);
    h.clock.advance(1000);
    expect(pickNext(h.state.turns.queue, h.state.turns.presence, h.clock.now(), 1000).skipped).toEqual([]);
    h.clock.advance(1);
    const events = h.run('floor:grant', {});
    expect(events[0]!.payload).toMatchObject({ skipped: [{ participantId: 'a' }], graceMs: 1000 });
    expect(h.state.turns.floor!.participantId).toBe('b');
  });
});
