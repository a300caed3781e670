import { describe, expect, it } from 'vitest';
import { viewTurns } from '../../../src/domain/turns/index.ts';
import { citizen, Harness, makeState, replay } from './fixtures.ts';

describe('determinism', () => {
  it('replaying the log onto a fresh state gives the same state', () => {
    const h = new Harness(
      makeState({
        template: 'oxford',
        queuePolicy: 'least_spoken_first',
        turn: { defaultSeconds: 60, warningSeconds: [30, 10], expiry: 'soft' },
        groups: [
          { id: 'pour', name: 'Pour', quotaSeconds: 200 },
          { id: 'contre', name: 'Contre' },
        ],
        guests: [{ id: 'alice', name: 'Alice', group: 'pour' }],
      }),
    );
    h.raise(['a', 'b', 'c']);
    h.run('queue:prioritize', { participantId: 'c' });
    h.run('floor:grant', {});
    h.clock.advance(20_000);
    h.run('floor:pause', {});
    h.clock.advance(9_000);
    h.run('floor:extend', { seconds: 10 });
    h.run('floor:resume', {});
    h.clock.advance(45_000);
    h.tick();
    h.clock.advance(10_000);
    h.tick();
    h.run('floor:end', {});
    h.run('queue:move', { participantId: 'c', position: 1 });
    h.run('queue:raise', { mode: 'written', group: 'pour' }, citizen('d'));
    h.run('floor:grant', { participantId: 'd' });
    h.clock.advance(1_234);
    h.run('floor:end', {}, citizen('d'));
    h.run('agenda:advance', {}); // enters the next slot
    h.run('agenda:advance', {}); // closes it, enters the one after

    const types = new Set(h.events.map((e) => e.type));
    for (const t of ['queue:prioritized', 'floor:paused', 'floor:extended', 'floor:warning', 'floor:overtime', 'agenda:advanced']) {
      expect(types).toContain(t);
    }
    const rebuilt = replay(h.state, h.events);
    expect(rebuilt.turns).toEqual(h.state.turns);
    // A second replay too: apply never reads anything but the events.
    expect(replay(h.state, h.events).turns).toEqual(rebuilt.turns);
    // And the view is a detached copy.
    const view = viewTurns(h.state, { role: 'participant', participantId: 'a' });
    expect(view).toEqual(h.state.turns);
    view.queue.pop();
    expect(view.queue.length).toBe(h.state.turns.queue.length - 1);
    expect(JSON.parse(JSON.stringify(h.state.turns))).toEqual(h.state.turns);
  });
});
