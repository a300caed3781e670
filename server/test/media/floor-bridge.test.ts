// The floor bridge on its own: core floor events become floor-control calls on the
// debate's media session, and a hard deadline cuts the holder by the bridge's own timer
// even when the core's `floor:expired` is late (e.g. slow storage).
import { afterEach, describe, expect, it } from 'vitest';
import { FloorBridge } from '../../../media/floor-bridge.ts';
import type { DebateMedia } from '../../../media/debate-media.ts';
import { systemClock } from '../../src/clock.ts';
import type { DebateState } from '../../src/domain/state.ts';
import type { DebateEvent } from '../../src/domain/types.ts';
import { Harness, citizen, makeState } from '../domain/turns/fixtures.ts';
import { collectingLogger } from './helpers.ts';
import { until } from '../helpers/until.ts';

/** Records the floor-control calls a DebateMedia would receive. */
function fakeSession(debateId: string) {
  const calls: string[] = [];
  const haltedAt: number[] = [];
  const session = {
    debateId,
    floorGranted: (h: { participantId: string; mode: string }) => calls.push(`granted ${h.participantId} ${h.mode}`),
    floorHalted: (id?: string) => {
      haltedAt.push(Date.now());
      calls.push(`halted ${id ?? '(holder)'}`);
    },
    floorRunning: () => calls.push('running'),
    floorEnded: (id: string) => calls.push(`ended ${id}`),
  };
  return { calls, haltedAt, session: session as unknown as DebateMedia };
}

const bridges: FloorBridge[] = [];
afterEach(() => bridges.splice(0).forEach((b) => b.close()));

function setup(expiry: 'hard' | 'soft') {
  const h = new Harness(makeState({ turn: { defaultSeconds: 60, warningSeconds: [], expiry } }));
  h.clock.set(Date.now());
  const { calls, haltedAt, session } = fakeSession(h.state.debateId);
  const ended: string[] = [];
  const bridge = new FloorBridge({
    source: { get: async () => ({ state: h.state as DebateState }), onEvent: () => undefined },
    clock: systemClock,
    log: collectingLogger(),
    session: () => session,
    onDebateEnded: (id) => ended.push(id),
  });
  bridges.push(bridge);
  /** Runs a command at the real current time and feeds its events to the bridge. */
  const run = (command: string, payload: unknown, actor = undefined as Parameters<Harness['run']>[2]) => {
    h.clock.set(Date.now());
    for (const e of h.run(command, payload, actor)) bridge.handle(e as DebateEvent);
  };
  return { h, calls, haltedAt, bridge, run, ended, session };
}

describe('FloorBridge', () => {
  it('maps floor events to floor control, in order', () => {
    const { h, calls, run, bridge, ended } = setup('hard');
    h.run('queue:raise', { mode: 'oral' }, citizen('p1'));
    run('floor:grant', { participantId: 'p1', seconds: 60 });
    run('floor:pause', {});
    run('floor:resume', {});
    run('floor:extend', { seconds: 30 });
    run('floor:end', {});
    bridge.handle({ debateId: h.state.debateId, seq: 99, at: 0, actor: { kind: 'system' }, type: 'debate:ended', payload: { at: 0 }, hash: '' });
    expect(calls).toEqual(['granted p1 oral', 'halted (holder)', 'running', 'running', 'ended p1']);
    expect(ended).toEqual([h.state.debateId]);
  });

  it('cuts the holder at a hard deadline by its own timer, without waiting for floor:expired', async () => {
    const { h, calls, haltedAt, run } = setup('hard');
    h.run('queue:raise', { mode: 'oral' }, citizen('p1'));
    run('floor:grant', { participantId: 'p1', seconds: 1 });
    const deadline = h.state.turns.floor!.deadline!;
    // The core's timer is not run here: no floor:expired ever comes.
    await until('the deadline cut', () => calls.includes('halted p1'), 3_000);
    expect(haltedAt[0]! - deadline).toBeGreaterThanOrEqual(0);
    expect(haltedAt[0]! - deadline).toBeLessThanOrEqual(100);
  });

  it('leaves soft turns running past their deadline, and forgets a paused turn\'s deadline', async () => {
    const soft = setup('soft');
    soft.h.run('queue:raise', { mode: 'oral' }, citizen('p1'));
    soft.run('floor:grant', { participantId: 'p1', seconds: 1 });
    const hard = setup('hard');
    hard.h.run('queue:raise', { mode: 'oral' }, citizen('p2'));
    hard.run('floor:grant', { participantId: 'p2', seconds: 1 });
    hard.run('floor:pause', {});
    await new Promise((r) => setTimeout(r, 1_300));
    expect(soft.calls).toEqual(['granted p1 oral']);
    expect(hard.calls).toEqual(['granted p2 oral', 'halted (holder)']);
  });

  it('sync applies the floor as it stands when a session opens mid-turn', () => {
    const { h, calls, bridge, session } = setup('hard');
    h.run('queue:raise', { mode: 'oral' }, citizen('p1'));
    h.run('floor:grant', { participantId: 'p1', seconds: 60 });
    h.run('floor:pause', {});
    bridge.sync(session, h.state);
    expect(calls).toEqual(['granted p1 oral', 'halted p1']);
  });
});
