// The grace period of a disconnected participant (media/presence.ts), on a FakeClock: a
// brief disconnection keeps their media, only the full grace period without a socket
// removes it, and the last of several sockets is what counts.
import { describe, expect, it } from 'vitest';
import { Presence } from '../../../media/presence.ts';
import { FakeClock } from '../../src/clock.ts';
import { ManualTimers } from './helpers.ts';

function setup() {
  const timers = new ManualTimers(new FakeClock());
  const gone: string[] = [];
  const presence = new Presence({ graceMs: 10_000, timers, onGone: (d, p) => gone.push(`${d}/${p}`) });
  return { timers, gone, presence };
}

describe('Presence', () => {
  it('removes a participant only after the whole grace period without a socket', () => {
    const { timers, gone, presence } = setup();
    presence.connected('d1', 'p1');
    presence.disconnected('d1', 'p1');
    timers.advance(9_999);
    expect(gone).toEqual([]);
    expect(presence.pending()).toBe(1);
    timers.advance(1);
    expect(gone).toEqual(['d1/p1']);
    expect(presence.pending()).toBe(0);
  });

  it('a reconnection within the grace period keeps the media; a later loss starts a new period', () => {
    const { timers, gone, presence } = setup();
    presence.connected('d1', 'p1');
    presence.disconnected('d1', 'p1');
    timers.advance(8_000);
    presence.connected('d1', 'p1');
    timers.advance(60_000);
    expect(gone).toEqual([]);
    presence.disconnected('d1', 'p1');
    timers.advance(9_000);
    expect(gone).toEqual([]);
    timers.advance(1_000);
    expect(gone).toEqual(['d1/p1']);
  });

  it('counts sockets: the period starts when the last one leaves', () => {
    const { timers, gone, presence } = setup();
    presence.connected('d1', 'p1');
    presence.connected('d1', 'p1');
    presence.connected('d2', 'p1');
    presence.disconnected('d1', 'p1');
    timers.advance(20_000);
    expect(gone).toEqual([]);
    presence.disconnected('d1', 'p1');
    timers.advance(10_000);
    expect(gone).toEqual(['d1/p1']);
  });

  it('close() cancels every pending removal', () => {
    const { timers, gone, presence } = setup();
    presence.connected('d1', 'p1');
    presence.disconnected('d1', 'p1');
    presence.close();
    timers.advance(20_000);
    expect(gone).toEqual([]);
    expect(timers.pending).toBe(0);
  });
});
