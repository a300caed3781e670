// The composition root's translation of the domain for the media layer: committed floor
// events become FloorSignals carrying the domain's cut instant, a live debate's state
// becomes the DebateFloor a media session opening mid-debate applies; and, driven by the
// domain on one FakeClock, the floor bridge cuts the holder exactly at the domain's deadline.
import { describe, expect, it } from 'vitest';
import { FloorBridge, type FloorControlled } from '../../../media/floor-bridge.ts';
import type { FloorSignal } from '../../../media/ports.ts';
import { debateFloorOf, floorSignalOf } from '../../src/media-wiring/floor-signals.ts';
import type { DebateEvent } from '../../src/domain/types.ts';
import { Harness, makeState } from '../domain/turns/fixtures.ts';
import { ManualTimers } from '../media/helpers.ts';

const signals = (events: DebateEvent[]): FloorSignal[] => events.map(floorSignalOf).filter((s): s is FloorSignal => s !== null);
const harness = (expiry: 'hard' | 'soft') => new Harness(makeState({ turn: { defaultSeconds: 60, warningSeconds: [30], expiry } }));

describe('floorSignalOf', () => {
  it('a hard oral turn: granted, halted, running carry the deadline as cutAt; the end ends it', () => {
    const h = harness('hard');
    h.raise(['p1']);
    const t0 = h.clock.now();
    expect(signals(h.run('floor:grant', {}))).toEqual([
      { type: 'granted', debateId: 'deb_1', turnId: 'turn_1', participantId: 'p1', role: 'participant', mode: 'oral', cutAt: t0 + 60_000 },
    ]);
    h.clock.advance(10_000);
    expect(signals(h.run('floor:pause', {}))).toEqual([{ type: 'halted', debateId: 'deb_1' }]);
    // Extending a paused turn moves no deadline: nothing for the media layer.
    expect(signals(h.run('floor:extend', { seconds: 30 }))).toEqual([]);
    h.clock.advance(5_000);
    expect(signals(h.run('floor:resume', {}))).toEqual([{ type: 'running', debateId: 'deb_1', turnId: 'turn_1', cutAt: h.clock.now() + 80_000 }]);
    expect(signals(h.run('floor:extend', { seconds: 10 }))).toEqual([{ type: 'running', debateId: 'deb_1', turnId: 'turn_1', cutAt: h.clock.now() + 90_000 }]);
    expect(signals(h.run('floor:end', {}))).toEqual([{ type: 'ended', debateId: 'deb_1', participantId: 'p1' }]);
  });

  it('soft expiry and written turns never cut; warnings and queue events are not floor signals', () => {
    const soft = harness('soft');
    soft.raise(['p1']);
    expect(signals(soft.run('floor:grant', {}))).toMatchObject([{ type: 'granted', cutAt: null }]);
    soft.clock.advance(31_000);
    expect(soft.tick().map((e) => e.type)).toEqual(['floor:warning']);
    expect(signals(soft.events.slice(-1))).toEqual([]);
    const written = harness('hard');
    written.raise(['p2'], 'written');
    expect(signals(written.run('floor:grant', {}))).toMatchObject([{ type: 'granted', mode: 'written', cutAt: null }]);
    expect(signals(written.events.filter((e) => e.type.startsWith('queue:')))).toEqual([]);
  });

  it('a hard expiry and the end of the debate', () => {
    const h = harness('hard');
    h.raise(['p1']);
    h.run('floor:grant', {});
    h.clock.advance(60_000);
    expect(signals(h.tick())).toEqual([{ type: 'ended', debateId: 'deb_1', participantId: 'p1' }]);
    h.endDebate();
    expect(signals(h.events.slice(-1))).toEqual([{ type: 'debateEnded', debateId: 'deb_1' }]);
  });

  it('refuses a malformed floor payload rather than guessing', () => {
    expect(() => floorSignalOf({ debateId: 'deb_1', type: 'floor:granted', payload: JSON.parse('{"turnId":"t"}') })).toThrow();
  });
});

describe('debateFloorOf', () => {
  it('the floor as it stands: running with its cut, paused without, soft without', () => {
    const h = harness('hard');
    expect(debateFloorOf(h.state)).toEqual({ live: true, floor: null });
    h.raise(['p1']);
    h.run('floor:grant', {});
    const running = { turnId: 'turn_1', participantId: 'p1', role: 'participant', mode: 'oral', running: true, cutAt: h.clock.now() + 60_000 };
    expect(debateFloorOf(h.state)).toEqual({ live: true, floor: running });
    h.run('floor:pause', {});
    expect(debateFloorOf(h.state).floor).toEqual({ ...running, running: false, cutAt: null });
    h.endDebate();
    expect(debateFloorOf(h.state).live).toBe(false);

    const soft = harness('soft');
    soft.raise(['p1']);
    soft.run('floor:grant', {});
    expect(debateFloorOf(soft.state).floor).toMatchObject({ running: true, cutAt: null });
  });
});

describe('the domain drives the floor bridge', () => {
  function wired() {
    const h = harness('hard');
    const timers = new ManualTimers(h.clock);
    const cuts: { participantId: string | undefined; at: number }[] = [];
    const session: FloorControlled = {
      debateId: 'deb_1',
      floorGranted: () => undefined,
      floorHalted: (participantId) => cuts.push({ participantId, at: h.clock.now() }),
      floorRunning: () => undefined,
      floorEnded: () => undefined,
    };
    const bridge = new FloorBridge({ clock: h.clock, timers, session: () => session, onDebateEnded: () => undefined });
    const feed = (events: DebateEvent[]) => signals(events).forEach((s) => bridge.handle(s));
    return { h, timers, cuts, session, bridge, feed };
  }

  it('cuts at the deadline, before the domain\'s own timer appends floor:expired', () => {
    const { h, timers, cuts, feed } = wired();
    h.raise(['p1']);
    feed(h.run('floor:grant', { seconds: 20 }));
    const deadline = h.state.turns.floor!.deadline!;
    timers.advance(deadline - h.clock.now());
    expect(cuts).toEqual([{ participantId: 'p1', at: deadline }]);
    expect(h.events.map((e) => e.type)).not.toContain('floor:expired');
  });

  it('a session opening mid-turn gets the cut from the floor view', () => {
    const { h, timers, cuts, session, bridge } = wired();
    h.raise(['p1']);
    h.run('floor:grant', { seconds: 20 });
    h.clock.advance(5_000);
    bridge.sync(session, debateFloorOf(h.state).floor);
    timers.advance(15_000);
    expect(cuts).toEqual([{ participantId: 'p1', at: h.state.turns.floor!.deadline! }]);
  });
});
