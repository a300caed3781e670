// The pure parts of the media layer: who may publish (from the debate state) and what
// the program feed shows (from the floor, the publications and the moderator's choice).
import { describe, expect, it } from 'vitest';
import { computeProgram, NO_PROGRAM } from '../../../media/program.ts';
import { publishRefusal } from '../../../media/publish-policy.ts';
import type { MediaProducerInfo } from '../../src/protocol/media.ts';
import { Harness, citizen, makeState } from '../domain/turns/fixtures.ts';

describe('publishRefusal', () => {
  it('moderators and guest speakers publish while the debate is live', () => {
    const state = makeState();
    expect(publishRefusal(state, { participantId: 'mod', role: 'moderator' }, {})).toBeNull();
    expect(publishRefusal(state, { participantId: 'guest_alice', role: 'speaker' }, { source: 'camera' })).toBeNull();
    state.status = 'ended';
    expect(publishRefusal(state, { participantId: 'mod', role: 'moderator' }, {})).toMatch(/live/);
  });

  it('a display publishes the room feed only', () => {
    const state = makeState();
    expect(publishRefusal(state, { participantId: 'dsp_1', role: 'display' }, { source: 'room' })).toBeNull();
    expect(publishRefusal(state, { participantId: 'dsp_1', role: 'display' }, { source: 'camera' })).toMatch(/room feed/);
    expect(publishRefusal(state, { participantId: 'dsp_1', role: 'display' }, {})).toMatch(/room feed/);
  });

  it('a citizen publishes only while holding the floor in oral mode (paused floor included)', () => {
    const h = new Harness(makeState());
    const who = { participantId: 'p1', role: 'participant' as const };
    expect(publishRefusal(h.state, who, {})).toMatch(/floor in oral mode/);
    h.run('queue:raise', { mode: 'oral' }, citizen('p1'));
    h.run('queue:raise', { mode: 'written' }, citizen('p2'));
    expect(publishRefusal(h.state, who, {})).toMatch(/floor/);
    h.run('floor:grant', { participantId: 'p1' });
    expect(publishRefusal(h.state, who, {})).toBeNull();
    expect(publishRefusal(h.state, { participantId: 'p2', role: 'participant' }, {})).toMatch(/floor/);
    h.run('floor:pause', {});
    expect(publishRefusal(h.state, who, {})).toBeNull();
    h.run('floor:end', {});
    expect(publishRefusal(h.state, who, {})).toMatch(/floor/);
    h.run('floor:grant', { participantId: 'p2' });
    expect(publishRefusal(h.state, { participantId: 'p2', role: 'participant' }, {})).toMatch(/oral/);
  });

  it('refuses an unknown role', () => {
    expect(publishRefusal(makeState(), { participantId: 'x', role: undefined }, {})).toMatch(/unknown/);
  });
});

describe('computeProgram', () => {
  const pub = (producerId: string, participantId: string, source?: string): MediaProducerInfo => ({
    producerId, participantId, kind: 'video', paused: false, appData: source ? { source } : {},
  });
  const room = [pub('r1', 'dsp', 'room'), pub('r2', 'dsp', 'room')];

  it('nothing, then the room feed, then the floor holder once they publish', () => {
    expect(computeProgram({ floorHolder: null, override: null, producers: [] })).toEqual(NO_PROGRAM);
    expect(computeProgram({ floorHolder: 'p1', override: null, producers: room })).toEqual({ participantId: 'dsp', producerIds: ['r1', 'r2'], auto: true });
    const withHolder = [...room, pub('a', 'p1'), pub('b', 'p1'), pub('c', 'p2')];
    expect(computeProgram({ floorHolder: 'p1', override: null, producers: withHolder })).toEqual({ participantId: 'p1', producerIds: ['a', 'b'], auto: true });
    // Only the room-feed producers of the display count as the room feed.
    const mixed = [pub('x', 'dsp', 'screen'), ...room];
    expect(computeProgram({ floorHolder: null, override: null, producers: mixed }).producerIds).toEqual(['r1', 'r2']);
  });

  it('a moderator override wins, even with nothing published yet', () => {
    const producers = [...room, pub('a', 'p1')];
    expect(computeProgram({ floorHolder: 'p1', override: 'guest_alice', producers })).toEqual({ participantId: 'guest_alice', producerIds: [], auto: false });
    expect(computeProgram({ floorHolder: 'p1', override: 'dsp', producers })).toEqual({ participantId: 'dsp', producerIds: ['r1', 'r2'], auto: false });
  });
});
