// A mediasoup room on a real mediasoup worker: router and transports, publish authorization,
// refusal of bad RTP parameters without harm to the worker, limits, consumption and
// floor control (pause/resume of a participant's producers).
import { afterAll, describe, expect, it } from 'vitest';
import { MediasoupRoom, type MediasoupRoomEvent, type PublishRequest } from '../../../media/mediasoup-room.ts';
import { WorkerPool } from '../../../media/worker-pool.ts';
import { AppError } from '../../src/errors.ts';
import { MediaProduceSchema, type MediaProduce } from '../../src/protocol/media.ts';
import { collectingLogger, opusRtpParameters, testMediaConfig, withWorker } from './helpers.ts';
import { until } from '../helpers/until.ts';

const config = testMediaConfig({ workers: 1, rtcMinPort: 44_000, rtcMaxPort: 44_499, maxTransportsPerParticipant: 3 });
/** Who may publish, as the debate core would answer: here, anyone but "citizen-*". */
const requests: PublishRequest[] = [];
const authorizePublish = (r: PublishRequest) => {
  requests.push(r);
  return !r.participantId.startsWith('citizen');
};

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('MediasoupRoom', () => {
  const log = collectingLogger();
  let pool: WorkerPool;
  let room: MediasoupRoom;
  const events: MediasoupRoomEvent[] = [];

  withWorker(async () => {
    pool = await WorkerPool.create(config, log);
    room = await MediasoupRoom.create({ debateId: 'debate-1', pool, config, authorizePublish, logger: log });
    room.onEvent((e) => events.push(e));
  });
  afterAll(() => {
    room?.close();
    pool?.close();
  });

  it('creates a router on a pool worker and WebRTC transports on the listen IP', async () => {
    expect(room.router?.closed).toBe(false);
    const caps = room.rtpCapabilities();
    expect(caps.codecs?.map((c) => c.mimeType)).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']));

    const send = await room.createWebRtcTransport('moderator', 'send');
    expect(send.direction).toBe('send');
    expect(send.iceParameters.usernameFragment.length).toBeGreaterThan(0);
    expect(send.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
    expect(send.iceCandidates.length).toBeGreaterThan(0);
    for (const c of send.iceCandidates) {
      expect(c.ip).toBe('127.0.0.1');
      expect(c.port).toBeGreaterThanOrEqual(44_000);
      expect(c.port).toBeLessThanOrEqual(44_499);
    }
    const recv = await room.createWebRtcTransport('moderator', 'recv');
    expect(recv.id).not.toBe(send.id);
    room.removeParticipant('moderator');
  });

  it('accepts a browser-shaped VP8 publication parsed by the protocol schema', async () => {
    const send = await room.createWebRtcTransport('speaker-1', 'send');
    const payload = MediaProduceSchema.parse({
      transportId: send.id,
      kind: 'video',
      rtpParameters: {
        mid: '0',
        codecs: [
          { mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] },
          { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: 96 } },
        ],
        headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4 }],
        encodings: [{ ssrc: 1111, rtx: { ssrc: 2222 } }],
        rtcp: { cname: 'speaker-1' },
      },
      appData: { source: 'camera' },
    });
    const produced = await room.produce('speaker-1', payload);
    expect(produced.paused).toBe(false);
    expect(room.producers()).toContainEqual({
      producerId: produced.id,
      participantId: 'speaker-1',
      kind: 'video',
      paused: false,
      appData: { source: 'camera' },
    });
    expect(events).toContainEqual({ type: 'producer:new', producer: expect.objectContaining({ producerId: produced.id }) });
    room.removeParticipant('speaker-1');
    expect(room.producers().find((p) => p.producerId === produced.id)).toBeUndefined();
    expect(events).toContainEqual({ type: 'producer:closed', producerId: produced.id, participantId: 'speaker-1' });
  });

  it('refuses garbage RTP parameters with INVALID_RTP_PARAMETERS and the worker survives', async () => {
    const worker = pool.workers()[0]!;
    const pid = worker.pid;
    const plain = await room.createPlainTransport('room-feed');
    const garbage: unknown[] = [
      'garbage',
      { codecs: 'nope' },
      { codecs: [{ mimeType: 'audio/opus', payloadType: 'x', clockRate: 48000 }] },
      { codecs: [{ mimeType: 'audio/ISAC', payloadType: 103, clockRate: 16000 }], encodings: [{ ssrc: 5 }] },
      { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 6 }] },
    ];
    for (const rtpParameters of garbage) {
      const err = await refusal(
        room.produce('room-feed', { transportId: plain.id, kind: 'audio', rtpParameters } as MediaProduce),
      );
      expect(err.code).toBe('INVALID_RTP_PARAMETERS');
      expect(err.message).toMatch(/audio refused/);
    }
    // Rejected inside the worker itself: a second producer with an SSRC already in use.
    await room.produce('room-feed', { transportId: plain.id, kind: 'audio', rtpParameters: opusRtpParameters(7777) });
    const dup = await refusal(
      room.produce('room-feed', { transportId: plain.id, kind: 'audio', rtpParameters: opusRtpParameters(7777) }),
    );
    expect(dup.code).toBe('INVALID_RTP_PARAMETERS');
    // mediasoup 3.8.4's worker gives no reason text, only the failed method.
    expect(dup.message).toMatch(/transport\.produce/);

    // Same worker process, still serving.
    expect(worker.closed).toBe(false);
    expect(pool.workers()[0]!.pid).toBe(pid);
    const ok = await room.produce('room-feed', { transportId: plain.id, kind: 'audio', rtpParameters: opusRtpParameters(8888) });
    expect(ok.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await worker.getResourceUsage()).ru_maxrss).toBeGreaterThan(0);
    room.removeParticipant('room-feed');
  });

  it('answers unknown ids and wrong transports with named codes', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await refusal(room.produce('x', { transportId: unknown, kind: 'audio', rtpParameters: opusRtpParameters(1) }))).code).toBe('TRANSPORT_NOT_FOUND');
    const recv = await room.createWebRtcTransport('x', 'recv');
    expect((await refusal(room.produce('x', { transportId: recv.id, kind: 'audio', rtpParameters: opusRtpParameters(1) }))).code).toBe('VALIDATION_FAILED');
    // Someone else's transport is not found, not borrowed.
    expect((await refusal(room.produce('y', { transportId: recv.id, kind: 'audio', rtpParameters: opusRtpParameters(1) }))).code).toBe('TRANSPORT_NOT_FOUND');
    expect((await refusal(room.consume('x', { producerId: unknown, transportId: recv.id, rtpCapabilities: {} }))).code).toBe('PRODUCER_NOT_FOUND');
    expect((await refusal(room.resumeConsumer('x', unknown))).code).toBe('CONSUMER_NOT_FOUND');
    expect(() => room.closeProducer('x', unknown)).toThrow(expect.objectContaining({ code: 'PRODUCER_NOT_FOUND' }));
    const badDtls = await refusal(
      room.connectTransport('x', { transportId: recv.id, dtlsParameters: { role: 'bogus', fingerprints: [{ algorithm: 'md5', value: 'AB' }] } } as never),
    );
    expect(badDtls.code).toBe('INVALID_DTLS_PARAMETERS');
    // The failed connect did not count: a valid one goes through, a second one is a conflict.
    const dtlsParameters = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256' as const, value: 'AB:CD' }] };
    await room.connectTransport('x', { transportId: recv.id, dtlsParameters });
    expect((await refusal(room.connectTransport('x', { transportId: recv.id, dtlsParameters }))).code).toBe('CONFLICT');
    room.removeParticipant('x');
  });

  it('asks the authorizer before publishing and refuses with MEDIA_NOT_ALLOWED', async () => {
    const plain = await room.createPlainTransport('citizen-42');
    const before = requests.length;
    const err = await refusal(
      room.produce('citizen-42', { transportId: plain.id, kind: 'audio', rtpParameters: opusRtpParameters(4242), appData: { source: 'mic' } }),
    );
    expect(err.code).toBe('MEDIA_NOT_ALLOWED');
    expect(requests.slice(before)).toEqual([{ debateId: 'debate-1', participantId: 'citizen-42', kind: 'audio', appData: { source: 'mic' } }]);
    expect(room.producers().some((p) => p.participantId === 'citizen-42')).toBe(false);
    room.removeParticipant('citizen-42');
  });

  it('drops a transport whose participant was removed while it was being created', async () => {
    const transportIds = async () => ((await room.router!.dump()) as { transportIds: string[] }).transportIds;
    const before = await transportIds();
    const pending = room.createWebRtcTransport('leaver', 'send');
    room.removeParticipant('leaver');
    await expect(pending).rejects.toMatchObject({ code: 'PARTICIPANT_NOT_FOUND' });
    expect(await transportIds()).toEqual(before);
  });

  it('enforces the per-participant transport limit, concurrent requests included', async () => {
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => room.createWebRtcTransport('greedy', 'recv')));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
    expect(ok).toHaveLength(3);
    expect(refused.map((e) => e.code)).toEqual(['TOO_MANY_TRANSPORTS', 'TOO_MANY_TRANSPORTS']);
    // Another participant is not affected; freeing slots makes room again.
    await room.createWebRtcTransport('modest', 'recv');
    room.removeParticipant('greedy');
    await room.createWebRtcTransport('greedy', 'recv');
    room.removeParticipant('greedy');
    room.removeParticipant('modest');
  });

  it('consumers start paused, resume on request, and follow floor control of the producer', async () => {
    const feed = await room.createPlainTransport('speaker-2');
    const mic = await room.produce('speaker-2', { transportId: feed.id, kind: 'audio', rtpParameters: opusRtpParameters(2020) });
    const mic2 = await room.produce('speaker-2', { transportId: feed.id, kind: 'audio', rtpParameters: opusRtpParameters(2021) });

    const out = await room.createPlainTransport('listener', { comedia: false });
    const consumed = await room.consume('listener', { producerId: mic.id, transportId: out.id, rtpCapabilities: room.rtpCapabilities() });
    expect(consumed.producerId).toBe(mic.id);
    expect(consumed.kind).toBe('audio');
    expect(consumed.rtpParameters.codecs[0]?.mimeType).toBe('audio/opus');
    expect(consumed.producerPaused).toBe(false);
    expect(room.consumerState('listener', consumed.id)).toEqual({ paused: true, producerPaused: false });

    // Floor paused: both producers pause, the consumer sees its producer paused.
    events.length = 0;
    expect(await room.pauseParticipant('speaker-2')).toBe(2);
    expect(room.producers().filter((p) => p.participantId === 'speaker-2').every((p) => p.paused)).toBe(true);
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'producer:paused', producerId: mic.id, participantId: 'speaker-2' },
        { type: 'producer:paused', producerId: mic2.id, participantId: 'speaker-2' },
      ]),
    );
    await until('the consumer to learn its producer paused', () => room.consumerState('listener', consumed.id).producerPaused);
    // Publishing while paused starts paused.
    const late = await room.produce('speaker-2', { transportId: feed.id, kind: 'audio', rtpParameters: opusRtpParameters(2022) });
    expect(late.paused).toBe(true);
    const whilePaused = await room.consume('listener', { producerId: mic2.id, transportId: out.id, rtpCapabilities: room.rtpCapabilities() });
    expect(whilePaused.producerPaused).toBe(true);

    // Pausing twice changes nothing; resume resumes all three.
    expect(await room.pauseParticipant('speaker-2')).toBe(0);
    expect(await room.resumeParticipant('speaker-2')).toBe(3);
    expect(room.producers().filter((p) => p.participantId === 'speaker-2').every((p) => !p.paused)).toBe(true);
    expect(events).toContainEqual({ type: 'producer:resumed', producerId: late.id, participantId: 'speaker-2' });

    await until('the consumer to learn its producer resumed', () => !room.consumerState('listener', consumed.id).producerPaused);
    await room.resumeConsumer('listener', consumed.id);
    expect(room.consumerState('listener', consumed.id)).toEqual({ paused: false, producerPaused: false });
    expect(room.consumerState('listener', whilePaused.id).paused).toBe(true);

    // Floor ended: the speaker's publications go; the listener's consumers close with them.
    events.length = 0;
    expect(room.closeParticipantProducers('speaker-2')).toBe(3);
    expect(room.producers().some((p) => p.participantId === 'speaker-2')).toBe(false);
    // The worker tells the consumers their producer closed: asynchronous.
    await until('consumer:closed events', () => events.filter((e) => e.type === 'consumer:closed').length === 2);
    expect(events.filter((e) => e.type === 'consumer:closed')).toEqual(
      expect.arrayContaining([
        { type: 'consumer:closed', consumerId: consumed.id, participantId: 'listener' },
        { type: 'consumer:closed', consumerId: whilePaused.id, participantId: 'listener' },
      ]),
    );
    expect((await refusal(room.resumeConsumer('listener', consumed.id))).code).toBe('CONSUMER_NOT_FOUND');
    room.removeParticipant('speaker-2');
    room.removeParticipant('listener');
  });

  it('caps consumers per router with TOO_MANY_CONSUMERS', async () => {
    const small = testMediaConfig({ workers: 1, rtcMinPort: 44_000, rtcMaxPort: 44_499, maxConsumersPerRouter: 1 });
    const r = await MediasoupRoom.create({ debateId: 'debate-small', pool, config: small, authorizePublish });
    try {
      const feed = await r.createPlainTransport('speaker');
      const mic = await r.produce('speaker', { transportId: feed.id, kind: 'audio', rtpParameters: opusRtpParameters(31) });
      const a = await r.createPlainTransport('a', { comedia: false });
      const b = await r.createPlainTransport('b', { comedia: false });
      await r.consume('a', { producerId: mic.id, transportId: a.id, rtpCapabilities: r.rtpCapabilities() });
      const err = await refusal(r.consume('b', { producerId: mic.id, transportId: b.id, rtpCapabilities: r.rtpCapabilities() }));
      expect(err.code).toBe('TOO_MANY_CONSUMERS');
      const incompatible = await refusal(
        r.consume('b', { producerId: mic.id, transportId: b.id, rtpCapabilities: { codecs: [{ kind: 'video', mimeType: 'video/VP8', clockRate: 90000, preferredPayloadType: 96 }] } }),
      );
      expect(incompatible.code).toBe('CANNOT_CONSUME');
    } finally {
      r.close();
    }
  });

  it('close() closes the router, refuses later calls, and is safe twice', async () => {
    const r = await MediasoupRoom.create({ debateId: 'debate-2', pool, config, authorizePublish });
    const router = r.router!;
    r.close();
    r.close();
    expect(r.closed).toBe(true);
    expect(router.closed).toBe(true);
    expect((await refusal(r.createWebRtcTransport('p', 'send'))).code).toBe('MEDIA_ROOM_CLOSED');
    expect(() => r.rtpCapabilities()).toThrow(expect.objectContaining({ code: 'MEDIA_ROOM_CLOSED' }));
  });
});
