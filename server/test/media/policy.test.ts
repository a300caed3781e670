// The pure parts of the media layer: who may publish (from the debate's status and floor)
// and what the program feed shows (from the floor, the publications and the moderator's
// choice). The floor as the domain has it: server/test/media-wiring/floor-signals.test.ts.
import { describe, expect, it } from 'vitest';
import { computeProgram, NO_PROGRAM } from '../../../media/program.ts';
import { publishRefusal } from '../../../media/publish-policy.ts';
import type { DebateFloor, FloorView } from '../../../media/ports.ts';
import type { MediaProducerInfo } from '../../src/protocol/media.ts';

describe('publishRefusal', () => {
  const live = (floor: FloorView | null = null): DebateFloor => ({ live: true, floor });
  const floorOf = (participantId: string, mode: 'oral' | 'written', running = true): FloorView => ({
    turnId: 't1', participantId, role: 'participant', mode, running, cutAt: null,
  });

  it('moderators and guest speakers publish while the debate is live', () => {
    expect(publishRefusal(live(), { participantId: 'mod', role: 'moderator' }, {})).toBeNull();
    expect(publishRefusal(live(), { participantId: 'guest_alice', role: 'speaker' }, { source: 'camera' })).toBeNull();
    expect(publishRefusal({ live: false, floor: null }, { participantId: 'mod', role: 'moderator' }, {})).toMatch(/live/);
  });

  it('a display publishes the room feed only', () => {
    expect(publishRefusal(live(), { participantId: 'dsp_1', role: 'display' }, { source: 'room' })).toBeNull();
    expect(publishRefusal(live(), { participantId: 'dsp_1', role: 'display' }, { source: 'camera' })).toMatch(/room feed/);
    expect(publishRefusal(live(), { participantId: 'dsp_1', role: 'display' }, {})).toMatch(/room feed/);
  });

  it('a citizen publishes only while holding the floor in oral mode (paused floor included)', () => {
    const who = { participantId: 'p1', role: 'participant' as const };
    expect(publishRefusal(live(), who, {})).toMatch(/floor in oral mode/);
    expect(publishRefusal(live(floorOf('p1', 'oral')), who, {})).toBeNull();
    expect(publishRefusal(live(floorOf('p1', 'oral', false)), who, {})).toBeNull();
    expect(publishRefusal(live(floorOf('p1', 'oral')), { participantId: 'p2', role: 'participant' }, {})).toMatch(/floor/);
    expect(publishRefusal(live(floorOf('p1', 'written')), who, {})).toMatch(/oral/);
    expect(publishRefusal({ live: false, floor: floorOf('p1', 'oral') }, who, {})).toMatch(/live/);
  });

  it('refuses an unknown role', () => {
    expect(publishRefusal(live(), { participantId: 'x', role: undefined }, {})).toMatch(/unknown/);
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
