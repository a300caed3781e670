// The program feed ("on air"): the room feed by default, the floor holder while they
// publish, the moderator's choice while it holds; pushed to every client, returned by
// media:capabilities, and offered to the recorder (programOf / onProgramChange). The
// session closes with the debate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import type { MediaProgram } from '../../src/protocol/media.ts';
import { cast, grantFloor, publish, pushesOf, startMediaApp, type Cast, type MediaClient } from './server-helpers.ts';
import { until } from '../helpers/until.ts';

describe('program feed', () => {
  let t: TestApp;
  let k: Cast;
  const changes: [string, MediaProgram | null][] = [];

  beforeAll(async () => {
    t = await startMediaApp(47_400);
    k = await cast(t);
    t.app.media!.onProgramChange((debateId, program) => changes.push([debateId, program]));
  });
  afterAll(async () => {
    k?.close();
    await t?.close();
  });

  /** The last media:program push a client received. */
  const onAir = (c: MediaClient): MediaProgram | undefined => pushesOf(c, 'media:program').at(-1);
  const waitOnAir = (c: MediaClient, participantId: string | null, match: (p: MediaProgram) => boolean = () => true) =>
    until(`program ${participantId} at ${c.participantId}`, () => {
      const p = onAir(c);
      return p && p.participantId === participantId && match(p) ? p : null;
    });

  it('is empty at first, then the room feed once the display publishes it', async () => {
    expect((await k.viewer.ok('media:capabilities', {})).program).toEqual({ participantId: null, producerIds: [], auto: true });
    expect(t.app.media!.programOf(k.debateId)).toEqual({ participantId: null, producerIds: [], auto: true });
    const roomCam = await publish(k.display, 'video', { source: 'room' });
    const roomMic = await publish(k.display, 'audio', { source: 'room' });
    for (const c of k.all) {
      await waitOnAir(c, k.display.participantId, (p) => p.producerIds.length === 2);
    }
    expect(onAir(k.viewer)).toEqual({ participantId: k.display.participantId, producerIds: [roomCam, roomMic], auto: true });
    expect((await k.citizen.ok('media:capabilities', {})).program).toEqual(onAir(k.viewer));
    expect(t.app.media!.programOf(k.debateId)).toEqual(onAir(k.viewer));
    expect(changes.at(-1)).toEqual([k.debateId, onAir(k.viewer)]);
  });

  it('follows the floor holder while they publish, and comes back to the room when the floor ends', async () => {
    await grantFloor(k, k.citizen);
    // Holding the floor without publishing changes nothing.
    await new Promise((r) => setTimeout(r, 200));
    expect(onAir(k.viewer)?.participantId).toBe(k.display.participantId);
    const mic = await publish(k.citizen, 'audio');
    const cam = await publish(k.citizen, 'video');
    const program = await waitOnAir(k.viewer, k.citizen.participantId, (p) => p.producerIds.length === 2);
    expect(program).toEqual({ participantId: k.citizen.participantId, producerIds: [mic, cam], auto: true });
    expect(t.app.media!.programOf(k.debateId)).toEqual(program);

    await k.moderator.ok('floor:end', {});
    await waitOnAir(k.display, k.display.participantId);
    expect(changes.map(([, p]) => p?.participantId)).toEqual(
      expect.arrayContaining([k.display.participantId, k.citizen.participantId]),
    );
  });

  it('the moderator puts someone on air (auto: false) and gives it back to automatic with null', async () => {
    const set = await k.moderator.ok('media:program:set', { participantId: k.speaker.participantId });
    expect(set).toEqual({ participantId: k.speaker.participantId, producerIds: [], auto: false });
    await waitOnAir(k.viewer, k.speaker.participantId, (p) => !p.auto);
    // The chosen participant starts publishing: the program carries their producers.
    const cam = await publish(k.speaker, 'video');
    await waitOnAir(k.viewer, k.speaker.participantId, (p) => p.producerIds.includes(cam));
    // The floor going elsewhere does not override the moderator's choice.
    await grantFloor(k, k.citizen);
    await publish(k.citizen, 'audio');
    await new Promise((r) => setTimeout(r, 200));
    expect(onAir(k.viewer)).toEqual({ participantId: k.speaker.participantId, producerIds: [cam], auto: false });

    const back = await k.moderator.ok('media:program:set', { participantId: null });
    expect(back).toMatchObject({ participantId: k.citizen.participantId, auto: true });
    await waitOnAir(k.viewer, k.citizen.participantId, (p) => p.auto);
    await k.moderator.ok('floor:end', {});
    await waitOnAir(k.viewer, k.display.participantId);
  });

  it('the media session closes with the debate; the recorder is told (null)', async () => {
    const room = t.app.media!.session(k.debateId)!.mediasoupRoom;
    await k.moderator.ok('debate:end', {});
    await until('the media session to close', () => room.closed);
    expect(room.router).toBeNull();
    expect(t.app.media!.session(k.debateId)).toBeNull();
    expect(t.app.media!.programOf(k.debateId)).toBeNull();
    expect(changes.at(-1)).toEqual([k.debateId, null]);
    expect(await k.viewer.refused('media:capabilities', {})).toBe('DEBATE_NOT_LIVE');
  });
});
