// The floor bridge on its own, on a FakeClock: floor signals become floor-control calls on
// the debate's media session, and the microphone is cut at the signal's `cutAt` by the
// bridge's own timer, without waiting for the `ended` signal (slow storage delays it).
// The cut from the domain's events end to end (within 100 ms): floor-control.test.ts.
import { describe, expect, it } from 'vitest';
import { FloorBridge, type FloorControlled } from '../../../media/floor-bridge.ts';
import type { FloorSignal, FloorView } from '../../../media/ports.ts';
import { FakeClock } from '../../src/clock.ts';
import { ManualTimers } from './helpers.ts';

const D = 'deb_1';

/** Records the floor-control calls a media session would receive, and when each was last made. */
function fakeSession(clock: FakeClock) {
  const calls: string[] = [];
  const at: Record<string, number> = {};
  const record = (call: string) => {
    calls.push(call);
    at[call] = clock.now();
  };
  const session: FloorControlled = {
    debateId: D,
    floorGranted: (h) => record(`granted ${h.participantId} ${h.mode}`),
    floorHalted: (id) => record(`halted ${id ?? '(holder)'}`),
    floorRunning: () => record('running'),
    floorEnded: (id) => record(`ended ${id}`),
  };
  return { calls, at, session };
}

function setup(o: { open?: boolean } = {}) {
  const clock = new FakeClock();
  const timers = new ManualTimers(clock);
  const { calls, at, session } = fakeSession(clock);
  let open = o.open ?? true;
  const ended: string[] = [];
  const bridge = new FloorBridge({ clock, timers, session: () => (open ? session : null), onDebateEnded: (id) => ended.push(id) });
  const t0 = clock.now();
  const granted = (cutAt: number | null, mode: 'oral' | 'written' = 'oral'): FloorSignal => ({
    type: 'granted', debateId: D, turnId: 't1', participantId: 'p1', role: 'participant', mode, cutAt,
  });
  return { clock, timers, calls, at, session, bridge, ended, t0, granted, setOpen: (v: boolean) => (open = v) };
}

describe('FloorBridge', () => {
  it('maps floor signals to floor control, in order', () => {
    const { bridge, calls, ended, granted, t0 } = setup();
    bridge.handle(granted(t0 + 60_000));
    bridge.handle({ type: 'halted', debateId: D });
    bridge.handle({ type: 'running', debateId: D, turnId: 't1', cutAt: t0 + 60_000 });
    bridge.handle({ type: 'running', debateId: D, turnId: 't1', cutAt: t0 + 90_000 });
    bridge.handle({ type: 'ended', debateId: D, participantId: 'p1' });
    bridge.handle({ type: 'debateEnded', debateId: D });
    expect(calls).toEqual(['granted p1 oral', 'halted (holder)', 'running', 'running', 'ended p1']);
    expect(ended).toEqual([D]);
  });

  it('cuts the holder at cutAt by its own timer, without waiting for the ended signal', () => {
    const { bridge, calls, at, timers, granted, t0 } = setup();
    bridge.handle(granted(t0 + 1000));
    timers.advance(999);
    expect(calls).toEqual(['granted p1 oral']);
    timers.advance(1);
    expect(calls).toEqual(['granted p1 oral', 'halted p1']);
    expect(at['halted p1']).toBe(t0 + 1000);
    expect(timers.pending).toBe(0);
  });

  it('a timer that fires early waits out the rest instead of cutting', () => {
    const { bridge, calls, at, timers, clock, granted, t0 } = setup();
    bridge.handle(granted(t0 + 1000));
    clock.advance(990);
    timers.fireEarly();
    expect(calls).toEqual(['granted p1 oral']);
    expect(timers.pending).toBe(1);
    timers.advance(10);
    expect(at['halted p1']).toBe(t0 + 1000);
  });

  it('never cuts without a cutAt (soft expiry, written turn)', () => {
    for (const mode of ['oral', 'written'] as const) {
      const { bridge, calls, timers, granted } = setup();
      bridge.handle(granted(null, mode));
      timers.advance(10 * 60_000);
      expect(calls).toEqual([`granted p1 ${mode}`]);
      expect(timers.pending).toBe(0);
    }
  });

  it('a pause forgets the deadline, a resume brings the new one, the end cancels it', () => {
    const { bridge, calls, at, timers, granted, t0 } = setup();
    bridge.handle(granted(t0 + 1000));
    timers.advance(500);
    bridge.handle({ type: 'halted', debateId: D });
    timers.advance(5000);
    expect(calls).toEqual(['granted p1 oral', 'halted (holder)']);
    bridge.handle({ type: 'running', debateId: D, turnId: 't1', cutAt: t0 + 6000 });
    timers.advance(499);
    expect(calls.at(-1)).toBe('running');
    timers.advance(1);
    expect(at['halted p1']).toBe(t0 + 6000);

    const next = setup();
    next.bridge.handle(next.granted(next.t0 + 1000));
    next.bridge.handle({ type: 'running', debateId: D, turnId: 't1', cutAt: null }); // extended under a rule change
    next.timers.advance(2000);
    next.bridge.handle(next.granted(next.t0 + 3000));
    next.bridge.handle({ type: 'ended', debateId: D, participantId: 'p1' });
    next.timers.advance(5000);
    expect(next.calls).toEqual(['granted p1 oral', 'running', 'granted p1 oral', 'ended p1']);
    expect(next.timers.pending).toBe(0);
  });

  it('leaves debates without an open session alone; sync applies the floor as it stands', () => {
    const { bridge, calls, at, timers, session, t0, granted, setOpen } = setup({ open: false });
    bridge.handle(granted(t0 + 1000));
    timers.advance(2000);
    expect(calls).toEqual([]);
    expect(timers.pending).toBe(0);

    setOpen(true);
    const paused: FloorView = { turnId: 't2', participantId: 'p2', role: 'participant', mode: 'oral', running: false, cutAt: null };
    bridge.sync(session, paused);
    expect(calls).toEqual(['granted p2 oral', 'halted p2']);
    bridge.handle({ type: 'running', debateId: D, turnId: 't2', cutAt: t0 + 4000 });
    timers.advance(2000);
    expect(at['halted p2']).toBe(t0 + 4000);

    // A session opening on a running hard turn gets its cut too.
    const again = setup();
    again.bridge.sync(again.session, { ...paused, running: true, cutAt: again.t0 + 500 });
    again.timers.advance(500);
    expect(again.calls).toEqual(['granted p2 oral', 'halted p2']);
    again.bridge.sync(again.session, null);
    expect(again.calls).toHaveLength(2);
  });

  it('counts the signals of each debate, for a session reading the floor meanwhile', () => {
    const { bridge, granted, t0 } = setup({ open: false });
    expect(bridge.generation(D)).toBe(0);
    bridge.handle(granted(t0 + 1000));
    bridge.handle({ type: 'halted', debateId: 'deb_2' });
    expect([bridge.generation(D), bridge.generation('deb_2')]).toEqual([1, 1]);
  });

  it('close() drops the pending cuts and ignores later signals', () => {
    const { bridge, calls, timers, granted, t0 } = setup();
    bridge.handle(granted(t0 + 1000));
    bridge.close();
    expect(timers.pending).toBe(0);
    bridge.handle({ type: 'ended', debateId: D, participantId: 'p1' });
    timers.advance(2000);
    expect(calls).toEqual(['granted p1 oral']);
  });
});
