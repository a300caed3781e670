// The pure parts of the media client: what a page receives (program, audio only, never
// itself), which picture and voices make the program, how pushes update the room, and
// when a page publishes.
import { describe, expect, it } from 'vitest';
import type { MediaProducerInfo, MediaProgram } from '../../../../server/src/protocol/media.ts';
import { applyRoomPush, EMPTY_ROOM } from '../../../src/lib/media/room-state.ts';
import { programFeed, publishersOf, toConsume, wantedProducers, type SelectionInput } from '../../../src/lib/media/selection.ts';
import { publishIntent, sameIntent, sourceOf } from '../../../src/lib/media/publish-rules.ts';
import type { DebateView } from '../../../src/lib/view-types.ts';

const prod = (producerId: string, participantId: string, kind: 'audio' | 'video', extra: Partial<MediaProducerInfo> = {}): MediaProducerInfo => ({
  producerId,
  participantId,
  kind,
  paused: false,
  appData: { source: kind === 'audio' ? 'mic' : 'camera' },
  ...extra,
});
const program = (participantId: string | null, producerIds: string[], auto = true): MediaProgram => ({ participantId, producerIds, auto });

const room = [prod('a1', 'alice', 'audio'), prod('v1', 'alice', 'video'), prod('a2', 'bob', 'audio'), prod('v2', 'bob', 'video'), prod('a3', 'me', 'audio')];
const input = (o: Partial<SelectionInput> = {}): SelectionInput => ({
  scope: 'program',
  producers: room,
  program: program('alice', ['a1', 'v1']),
  self: 'me',
  audioOnly: false,
  ...o,
});
const ids = (ps: MediaProducerInfo[]) => ps.map((p) => p.producerId);

describe('what a page receives', () => {
  it('the program only, never its own publications', () => {
    expect(ids(wantedProducers(input()))).toEqual(['a1', 'v1']);
    expect(ids(wantedProducers(input({ program: program('me', ['a3']) })))).toEqual([]);
    expect(ids(wantedProducers(input({ program: program(null, []) })))).toEqual([]);
  });

  it('everything in the `all` scope, nothing in `none`', () => {
    expect(ids(wantedProducers(input({ scope: 'all' })))).toEqual(['a1', 'v1', 'a2', 'v2']);
    expect(wantedProducers(input({ scope: 'none' }))).toEqual([]);
  });

  it('no video at all under "audio only"', () => {
    expect(ids(wantedProducers(input({ audioOnly: true })))).toEqual(['a1']);
    expect(ids(wantedProducers(input({ scope: 'all', audioOnly: true })))).toEqual(['a1', 'a2']);
  });

  it('opens only what it does not hold yet', () => {
    expect(ids(toConsume(input(), new Set(['a1'])))).toEqual(['v1']);
    expect(toConsume(input(), new Set(['a1', 'v1']))).toEqual([]);
  });
});

describe('the program feed', () => {
  it('picks the newest video (a reloaded page leaves an older one) and every voice', () => {
    const producers = [...room, prod('v9', 'alice', 'video')];
    const feed = programFeed({ producers, program: program('alice', ['a1', 'v1', 'v9']) }, 'me', false);
    expect(feed.video?.producerId).toBe('v9');
    expect(ids(feed.audio)).toEqual(['a1']);
    expect(feed.self).toBe(false);
  });

  it('has no picture under audio only, and knows when the page itself is on air', () => {
    expect(programFeed({ producers: room, program: program('alice', ['a1', 'v1']) }, 'me', true).video).toBeNull();
    expect(programFeed({ producers: room, program: program('me', ['a3']) }, 'me', false).self).toBe(true);
    // A program id the page has not heard of yet (push order) is ignored, not invented.
    expect(programFeed({ producers: room, program: program('carol', ['zz']) }, 'me', false)).toMatchObject({ participantId: 'carol', video: null, audio: [] });
  });

  it('groups publications by participant, in order of first publication', () => {
    expect(publishersOf(room).map((p) => [p.participantId, ids(p.producers)])).toEqual([
      ['alice', ['a1', 'v1']],
      ['bob', ['a2', 'v2']],
      ['me', ['a3']],
    ]);
  });
});

describe('the room from pushes', () => {
  it('adds, pauses, resumes and removes publications; repeated pushes change nothing more', () => {
    let r = applyRoomPush(EMPTY_ROOM, 'media:producer:new', prod('a1', 'alice', 'audio'));
    r = applyRoomPush(r, 'media:producer:new', prod('a1', 'alice', 'audio'));
    expect(ids(r.producers)).toEqual(['a1']);
    r = applyRoomPush(r, 'media:producer:paused', { producerId: 'a1', participantId: 'alice', at: 1 });
    expect(r.producers[0]!.paused).toBe(true);
    r = applyRoomPush(r, 'media:producer:resumed', { producerId: 'a1', participantId: 'alice', at: 2 });
    expect(r.producers[0]!.paused).toBe(false);
    r = applyRoomPush(r, 'media:program', program('alice', ['a1'], false));
    r = applyRoomPush(r, 'media:active-speaker', { participantId: 'alice' });
    expect(r).toMatchObject({ program: { participantId: 'alice', auto: false }, activeSpeaker: 'alice' });
    r = applyRoomPush(r, 'media:producer:closed', { producerId: 'a1', participantId: 'alice', at: 3 });
    r = applyRoomPush(r, 'media:producer:closed', { producerId: 'a1', participantId: 'alice', at: 3 });
    expect(r.producers).toEqual([]);
  });
});

describe('when a page publishes', () => {
  const view = (status: string, floor: { participantId: string; mode: 'oral' | 'written' } | null) =>
    ({ debate: { status }, turns: { floor } }) as unknown as DebateView;

  it('a citizen or a guest: only while holding the floor in oral mode, during the live debate', () => {
    const me = { role: 'participant' as const, participantId: 'me' };
    expect(publishIntent(view('live', { participantId: 'me', mode: 'oral' }), me)).toEqual({ source: 'camera', audio: true, video: true });
    expect(publishIntent(view('live', { participantId: 'me', mode: 'written' }), me)).toBeNull();
    expect(publishIntent(view('live', { participantId: 'other', mode: 'oral' }), me)).toBeNull();
    expect(publishIntent(view('ended', { participantId: 'me', mode: 'oral' }), me)).toBeNull();
    expect(publishIntent(view('live', { participantId: 'g', mode: 'oral' }), { role: 'speaker', participantId: 'g' })).not.toBeNull();
    expect(publishIntent(view('live', { participantId: 'me', mode: 'oral' }), me, { cameraOff: true })?.video).toBe(false);
  });

  it('the moderator when on air, the display when it carries the room feed', () => {
    const live = view('live', null);
    expect(publishIntent(live, { role: 'moderator', participantId: 'm' })).toBeNull();
    expect(publishIntent(live, { role: 'moderator', participantId: 'm' }, { moderatorOnAir: true })?.source).toBe('camera');
    const room = publishIntent(live, { role: 'display', participantId: 'd' }, { roomFeed: true })!;
    expect([room.source, sourceOf(room, 'audio'), sourceOf(room, 'video')]).toEqual(['room', 'room', 'room']);
    expect(sourceOf({ source: 'camera', audio: true, video: true }, 'audio')).toBe('mic');
    expect(sameIntent(room, { ...room })).toBe(true);
    expect(sameIntent(room, null)).toBe(false);
  });
});
