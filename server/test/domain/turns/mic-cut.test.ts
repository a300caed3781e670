// The instant at which the media layer cuts the microphone is decided by the domain and
// carried by the floor events: the deadline of an oral turn under hard expiry, else null.
import { describe, expect, it } from 'vitest';
import type { FloorExtended, FloorGranted, FloorResumed } from '../../../src/domain/turns/events.ts';
import { Harness, makeState, payloadOf } from './fixtures.ts';

describe('cutAt on floor events', () => {
  it('hard expiry, oral turn: granted, resumed and extended carry the new deadline', () => {
    const h = new Harness(makeState({ turn: { defaultSeconds: 60, expiry: 'hard' } }));
    h.raise(['a']);
    const granted = payloadOf(h.run('floor:grant', {}), 'floor:granted');
    expect(granted.cutAt).toBe(granted.deadline);
    h.clock.advance(10_000);
    h.run('floor:pause', {});
    h.clock.advance(5_000);
    const resumed = payloadOf(h.run('floor:resume', {}), 'floor:resumed');
    expect(resumed.cutAt).toBe(resumed.deadline);
    expect(resumed.cutAt).toBe(h.clock.now() + 50_000);
    const extended = payloadOf(h.run('floor:extend', { seconds: 30 }), 'floor:extended');
    expect(extended.cutAt).toBe(resumed.deadline + 30_000);
  });

  it('extending a paused turn carries no cut instant (nothing runs)', () => {
    const h = new Harness(makeState({ turn: { defaultSeconds: 60, expiry: 'hard' } }));
    h.raise(['a']);
    h.run('floor:grant', {});
    h.run('floor:pause', {});
    const extended = payloadOf(h.run('floor:extend', { seconds: 30 }), 'floor:extended');
    expect(extended.deadline).toBeNull();
    expect(extended.cutAt).toBeNull();
  });

  it('soft expiry never cuts', () => {
    const h = new Harness(makeState({ turn: { defaultSeconds: 60, expiry: 'soft' } }));
    h.raise(['a']);
    expect(payloadOf(h.run('floor:grant', {}), 'floor:granted').cutAt).toBeNull();
  });

  it('a written turn (a contribution read out) never cuts', () => {
    const h = new Harness(makeState({ turn: { defaultSeconds: 60, expiry: 'hard' } }));
    h.raise(['a'], 'written');
    expect(payloadOf(h.run('floor:grant', {}), 'floor:granted').cutAt).toBeNull();
  });
});
