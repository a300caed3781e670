// media:* signaling over the real server and the real mediasoup worker: capabilities,
// transports, who may publish (decided from the debate core's state), consuming, bad
// input, roles, and the grace period of a participant who disconnects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { join, liveDebate } from '../helpers/clients.ts';
import {
  audioPayload, cast, DTLS, grantFloor, mediaClient, publish, pushesOf, startMediaApp, subscribe, waitForPush,
  type Cast,
} from './server-helpers.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('media signaling', () => {
  let t: TestApp;
  let k: Cast;

  beforeAll(async () => {
    t = await startMediaApp(47_000, { MEDIA_PARTICIPANT_GRACE_MS: '300' });
    k = await cast(t);
  });
  afterAll(async () => {
    k?.close();
    await t?.close();
  });

  it('answers media:capabilities to every role with the router codecs, publications and program', async () => {
    for (const c of k.all) {
      const caps = await c.ok('media:capabilities', {});
      expect(caps.rtpCapabilities.codecs.map((x: any) => x.mimeType)).toEqual(
        expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']),
      );
      expect(caps.producers).toEqual([]);
      expect(caps.program).toEqual({ participantId: null, producerIds: [], auto: true });
      expect(caps.activeSpeaker).toBeNull();
    }
    expect(t.app.media!.session(k.debateId)).not.toBeNull();
  });

  it('creates and connects send and receive transports; bad ids and double connects are named', async () => {
    const send = await k.viewer.ok('media:transport:create', { direction: 'send' });
    expect(send.direction).toBe('send');
    expect(send.iceCandidates[0].ip).toBe('127.0.0.1');
    expect(send.iceCandidates[0].port).toBeGreaterThanOrEqual(47_000);
    expect(send.iceCandidates[0].port).toBeLessThanOrEqual(47_199);
    expect(send.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
    const recv = await k.viewer.ok('media:transport:create', { direction: 'recv' });
    expect(await k.viewer.ok('media:transport:connect', { transportId: recv.id, dtlsParameters: DTLS })).toEqual({
      transportId: recv.id,
      connected: true,
    });
    expect(await k.viewer.refused('media:transport:connect', { transportId: recv.id, dtlsParameters: DTLS })).toBe('CONFLICT');
    expect(await k.viewer.refused('media:transport:connect', { transportId: UNKNOWN, dtlsParameters: DTLS })).toBe('TRANSPORT_NOT_FOUND');
    // Someone else's transport is not found, not borrowed.
    expect(await k.citizen.refused('media:transport:connect', { transportId: send.id, dtlsParameters: DTLS })).toBe('TRANSPORT_NOT_FOUND');
    expect(await k.viewer.refused('media:transport:create', { direction: 'both' })).toBe('VALIDATION_FAILED');
    expect(await k.viewer.refused('media:transport:create', { direction: 'send', extra: 1 })).toBe('VALIDATION_FAILED');
    // The per-participant limit (4) counts these two.
    await k.viewer.ok('media:transport:create', { direction: 'recv' });
    await k.viewer.ok('media:transport:create', { direction: 'recv' });
    expect(await k.viewer.refused('media:transport:create', { direction: 'recv' })).toBe('TOO_MANY_TRANSPORTS');
  });

  it('a citizen without the floor may not publish: MEDIA_NOT_ALLOWED, and nothing is published', async () => {
    const send = await k.citizen.ok('media:transport:create', { direction: 'send' });
    const ack = await k.citizen.emit('media:produce', audioPayload(send.id));
    expect(ack.ok).toBe(false);
    if (ack.ok) return;
    expect(ack.error.code).toBe('MEDIA_NOT_ALLOWED');
    expect(ack.error.message).toMatch(/floor in oral mode/);
    expect((await k.moderator.ok('media:capabilities', {})).producers).toEqual([]);
    expect(pushesOf(k.moderator, 'media:producer:new')).toEqual([]);
  });

  it('moderator and guest speaker publish; everyone is told; a viewer consumes paused then resumes', async () => {
    const modMic = await publish(k.moderator, 'audio');
    const guestCam = await publish(k.speaker, 'video');
    for (const c of k.all) {
      await waitForPush(c, 'media:producer:new', (p) => p.producerId === guestCam);
    }
    expect(pushesOf(k.viewer, 'media:producer:new', (p) => p.producerId === modMic)).toEqual([
      { producerId: modMic, participantId: k.moderator.participantId, kind: 'audio', paused: false, appData: { source: 'mic' } },
    ]);
    const caps = await k.display.ok('media:capabilities', {});
    expect(caps.producers.map((p: any) => p.producerId).sort()).toEqual([modMic, guestCam].sort());

    const { transportId, consumer } = await subscribe(k.display, guestCam);
    expect(consumer).toMatchObject({ producerId: guestCam, kind: 'video', producerPaused: false });
    expect(consumer.rtpParameters.codecs[0].mimeType).toBe('video/VP8');
    const room = t.app.media!.session(k.debateId)!.mediasoupRoom;
    expect(room.consumerState(k.display.participantId, consumer.id)).toEqual({ paused: true, producerPaused: false });
    expect(await k.display.ok('media:consumer:resume', { consumerId: consumer.id })).toEqual({ consumerId: consumer.id, paused: false });
    expect(room.consumerState(k.display.participantId, consumer.id).paused).toBe(false);

    expect(await k.display.refused('media:consume', { producerId: UNKNOWN, transportId, rtpCapabilities: caps.rtpCapabilities })).toBe('PRODUCER_NOT_FOUND');
    expect(await k.display.refused('media:consumer:resume', { consumerId: UNKNOWN })).toBe('CONSUMER_NOT_FOUND');

    // Closing one's own producer: the consumer goes with it and its owner is told.
    expect(await k.speaker.refused('media:producer:close', { producerId: modMic })).toBe('PRODUCER_NOT_FOUND');
    expect(await k.speaker.ok('media:producer:close', { producerId: guestCam })).toEqual({ producerId: guestCam, closed: true });
    await waitForPush(k.viewer, 'media:producer:closed', (p) => p.producerId === guestCam);
    expect(await waitForPush(k.display, 'media:consumer:closed')).toEqual({ consumerId: consumer.id });
    expect(pushesOf(k.viewer, 'media:consumer:closed')).toEqual([]);
  });

  it('a viewer pauses and closes its own consumers, and closes its transports to make room', async () => {
    const cam = await publish(k.speaker, 'video');
    const someone = await join(t, k.debateId, { displayName: 'Lou' });
    const v = await mediaClient(t, someone.token, someone.participantId);
    try {
      const room = t.app.media!.session(k.debateId)!.mediasoupRoom;
      const { transportId, consumer } = await subscribe(v, cam);
      await v.ok('media:consumer:resume', { consumerId: consumer.id });
      // Audio only / off air: the worker stops forwarding, and resumes on request.
      expect(await v.ok('media:consumer:pause', { consumerId: consumer.id })).toEqual({ consumerId: consumer.id, paused: true });
      expect(room.consumerState(v.participantId, consumer.id).paused).toBe(true);
      await v.ok('media:consumer:resume', { consumerId: consumer.id });
      expect(room.consumerState(v.participantId, consumer.id).paused).toBe(false);
      // Not someone else's.
      expect(await k.viewer.refused('media:consumer:pause', { consumerId: consumer.id })).toBe('CONSUMER_NOT_FOUND');
      expect(await k.viewer.refused('media:consumer:close', { consumerId: consumer.id })).toBe('CONSUMER_NOT_FOUND');
      expect(await v.refused('media:consumer:pause', { consumerId: 'x y' })).toBe('VALIDATION_FAILED');
      expect(await v.ok('media:consumer:close', { consumerId: consumer.id })).toEqual({ consumerId: consumer.id, closed: true });
      expect(() => room.consumerState(v.participantId, consumer.id)).toThrow(/no consumer/);
      expect(await v.refused('media:consumer:resume', { consumerId: consumer.id })).toBe('CONSUMER_NOT_FOUND');

      // A page that leaves gives its transports back: the limit (4) counts only live ones.
      const more = [];
      for (let i = 0; i < 3; i += 1) more.push((await v.ok('media:transport:create', { direction: 'recv' })).id);
      expect(await v.refused('media:transport:create', { direction: 'recv' })).toBe('TOO_MANY_TRANSPORTS');
      const again = await subscribe(v, cam, transportId);
      expect(await k.viewer.refused('media:transport:close', { transportId })).toBe('TRANSPORT_NOT_FOUND');
      expect(await v.ok('media:transport:close', { transportId })).toEqual({ transportId, closed: true });
      // Its consumers went with it.
      expect(() => room.consumerState(v.participantId, again.consumer.id)).toThrow(/no consumer/);
      expect(await v.refused('media:transport:connect', { transportId, dtlsParameters: DTLS })).toBe('TRANSPORT_NOT_FOUND');
      await v.ok('media:transport:create', { direction: 'recv' });
    } finally {
      v.close();
      await k.speaker.ok('media:producer:close', { producerId: cam });
    }
  });

  it('a display publishes only the room feed', async () => {
    const send = await k.display.ok('media:transport:create', { direction: 'send' });
    expect(await k.display.refused('media:produce', audioPayload(send.id, { source: 'camera' }))).toBe('MEDIA_NOT_ALLOWED');
    const produced = await k.display.ok('media:produce', audioPayload(send.id, { source: 'room' }));
    expect(produced.paused).toBe(false);
  });

  it('a citizen holding the floor in oral mode may publish; in written mode they may not', async () => {
    await grantFloor(k, k.citizen);
    const mic = await publish(k.citizen, 'audio');
    await waitForPush(k.viewer, 'media:producer:new', (p) => p.producerId === mic && p.participantId === k.citizen.participantId);
    await k.moderator.ok('floor:end', {});
    await waitForPush(k.viewer, 'media:producer:closed', (p) => p.producerId === mic);

    const writer = await join(t, k.debateId, { displayName: 'Eden' });
    const w = await mediaClient(t, writer.token, writer.participantId);
    try {
      await grantFloor(k, w, { mode: 'written' });
      const send = await w.ok('media:transport:create', { direction: 'send' });
      expect(await w.refused('media:produce', audioPayload(send.id))).toBe('MEDIA_NOT_ALLOWED');
      await k.moderator.ok('floor:end', {});
    } finally {
      w.close();
    }
  });

  it('moderator-only commands are refused to other roles; unknown producers are named', async () => {
    for (const c of [k.speaker, k.citizen, k.display]) {
      expect(await c.refused('media:mute', { producerId: UNKNOWN })).toBe('FORBIDDEN');
      expect(await c.refused('media:unmute', { producerId: UNKNOWN })).toBe('FORBIDDEN');
      expect(await c.refused('media:program:set', { participantId: null })).toBe('FORBIDDEN');
    }
    expect(await k.moderator.refused('media:mute', { producerId: UNKNOWN })).toBe('PRODUCER_NOT_FOUND');
    expect(await k.moderator.refused('media:mute', { producerId: '../x' })).toBe('VALIDATION_FAILED');
  });

  it('media needs a live debate: DEBATE_NOT_LIVE before it starts', async () => {
    const d = await liveDebate(t, { start: false });
    const mod = await mediaClient(t, d.moderatorToken, 'mod');
    try {
      expect(await mod.refused('media:capabilities', {})).toBe('DEBATE_NOT_LIVE');
      expect(t.app.media!.session(d.debateId)).toBeNull();
    } finally {
      mod.close();
    }
  });

  it('a participant who disconnects keeps their media for the grace period, then loses it', async () => {
    const { token } = k.speaker.socket.auth as { token: string };
    const participantId = k.speaker.participantId;
    const mic = await publish(k.speaker, 'audio');
    // A reconnection within the grace period keeps the producer.
    k.speaker.close();
    const again = await mediaClient(t, token, participantId);
    await new Promise((r) => setTimeout(r, 500));
    expect((await k.moderator.ok('media:capabilities', {})).producers.map((p: any) => p.producerId)).toContain(mic);
    // Gone for longer than the grace period: everything they held is closed.
    again.close();
    await waitForPush(k.moderator, 'media:producer:closed', (p) => p.producerId === mic);
    expect((await k.moderator.ok('media:capabilities', {})).producers.map((p: any) => p.producerId)).not.toContain(mic);
  });
});
