// Media through the real server: a test app with media enabled on its own RTC port range,
// a debate with one client per role, clients that record the media:* pushes, and the
// payloads a browser would send (valid Opus / VP8 RTP parameters: mediasoup accepts a
// producer on a WebRTC transport before DTLS connects, so no browser is needed).
import { expect } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, connect, http, join, liveDebate, type TestClient } from '../helpers/clients.ts';
import type { ModalitiesInput } from '../../src/protocol/modalities.ts';
import type { MediaProduce } from '../../src/protocol/media.ts';
import { opusRtpParameters, requireWorkerBinary } from './helpers.ts';
import { until } from '../helpers/until.ts';

export async function startMediaApp(rtcMinPort: number, env: Record<string, string> = {}): Promise<TestApp> {
  requireWorkerBinary();
  return startTestApp({
    env: {
      MEDIA_WORKERS: '2',
      MEDIA_RTC_MIN_PORT: String(rtcMinPort),
      MEDIA_RTC_MAX_PORT: String(rtcMinPort + 199),
      MEDIA_LOG_LEVEL: 'error',
      SOCKET_RATE_BURST: '1000',
      SOCKET_RATE_PER_SEC: '1000',
      ...env,
    },
  });
}

export interface Push {
  event: string;
  payload: any;
}

/** A connected client that also records every media:* push it receives. */
export interface MediaClient extends TestClient {
  pushes: Push[];
  participantId: string;
  /** The send transport publish() reuses (mediasoup-client keeps one per device too). */
  sendTransportId?: string;
}

export function pushesOf(c: MediaClient, event: string, match: (p: any) => boolean = () => true): any[] {
  return c.pushes.filter((p) => p.event === event && match(p.payload)).map((p) => p.payload);
}

export function waitForPush(c: MediaClient, event: string, match: (p: any) => boolean = () => true, timeoutMs = 10_000): Promise<any> {
  return until(`${event} at ${c.participantId}`, () => pushesOf(c, event, match)[0], timeoutMs);
}

export async function mediaClient(t: TestApp, token: string, participantId: string): Promise<MediaClient> {
  const c = (await connect(t, token)) as MediaClient;
  c.pushes = [];
  c.participantId = participantId;
  c.socket.onAny((event: string, payload: unknown) => {
    if (event.startsWith('media:')) c.pushes.push({ event, payload });
  });
  return c;
}

export interface Cast {
  debateId: string;
  moderator: MediaClient;
  speaker: MediaClient;
  citizen: MediaClient;
  viewer: MediaClient;
  display: MediaClient;
  all: MediaClient[];
  close(): void;
}

/** A live debate with a moderator, an invited guest (alice), two citizens and a room display. */
export async function cast(t: TestApp, modalities: Partial<ModalitiesInput> = {}): Promise<Cast> {
  const d = await liveDebate(t, { modalities });
  const invitation = await http(t, 'POST', `/api/debates/${d.debateId}/invitations`, {
    token: d.moderatorToken,
    body: { kind: 'speaker', guestId: 'alice' },
  });
  expect(invitation.status, JSON.stringify(invitation.body)).toBe(201);
  const speaker = await join(t, d.debateId, { invitation: invitation.body.code });
  const citizen = await join(t, d.debateId, { displayName: 'Camille' });
  const viewer = await join(t, d.debateId, { displayName: 'Dominique' });
  const display = await admin(t, 'POST', `/api/debates/${d.debateId}/tokens/display`);
  expect(display.status).toBe(200);
  const moderatorId = (JSON.parse(Buffer.from(d.moderatorToken.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
  const c: Omit<Cast, 'all' | 'close'> = {
    debateId: d.debateId,
    moderator: await mediaClient(t, d.moderatorToken, moderatorId),
    speaker: await mediaClient(t, speaker.token, speaker.participantId),
    citizen: await mediaClient(t, citizen.token, citizen.participantId),
    viewer: await mediaClient(t, viewer.token, viewer.participantId),
    display: await mediaClient(t, display.body.token, display.body.participantId),
  };
  const all = [c.moderator, c.speaker, c.citizen, c.viewer, c.display];
  return { ...c, all, close: () => all.forEach((x) => x.close()) };
}

let nextSsrc = 10_000;
/** Like a browser's: every track of a transport has its own SSRCs and MID. */
let nextMid = 0;

export function audioPayload(transportId: string, appData: Record<string, string> = { source: 'mic' }): MediaProduce {
  const rtpParameters = { ...opusRtpParameters((nextSsrc += 1)), mid: String((nextMid += 1)) };
  return { transportId, kind: 'audio', rtpParameters, appData };
}

export function videoPayload(transportId: string, appData: Record<string, string> = { source: 'camera' }): MediaProduce {
  const ssrc = (nextSsrc += 2) - 1;
  return {
    transportId,
    kind: 'video',
    rtpParameters: {
      mid: String((nextMid += 1)),
      codecs: [
        { mimeType: 'video/VP8', payloadType: 96, clockRate: 90_000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] },
        { mimeType: 'video/rtx', payloadType: 97, clockRate: 90_000, parameters: { apt: 96 } },
      ],
      encodings: [{ ssrc, rtx: { ssrc: ssrc + 1 } }],
      rtcp: { cname: `video-${ssrc}` },
    },
    appData,
  };
}

export const DTLS = {
  role: 'client' as const,
  fingerprints: [{ algorithm: 'sha-256' as const, value: Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':') }],
};

/** Creates a send transport and publishes one track; returns the producer id. */
export async function publish(c: MediaClient, kind: 'audio' | 'video' = 'audio', appData?: Record<string, string>): Promise<string> {
  c.sendTransportId ??= (await c.ok('media:transport:create', { direction: 'send' })).id as string;
  const payload = kind === 'audio' ? audioPayload(c.sendTransportId, appData) : videoPayload(c.sendTransportId, appData);
  return (await c.ok('media:produce', payload)).id;
}

/** A receive transport plus a consumer of `producerId`; returns both ids. */
export async function subscribe(c: MediaClient, producerId: string, transportId?: string): Promise<{ transportId: string; consumer: any }> {
  const { rtpCapabilities } = await c.ok('media:capabilities', {});
  const recv = transportId ?? (await c.ok('media:transport:create', { direction: 'recv' })).id;
  const consumer = await c.ok('media:consume', { producerId, transportId: recv, rtpCapabilities });
  return { transportId: recv, consumer };
}

/** The citizen raises a hand and the moderator gives them the floor. */
export async function grantFloor(k: Cast, who: MediaClient, opts: { mode?: 'oral' | 'written'; seconds?: number } = {}): Promise<void> {
  if (who !== k.speaker) await who.ok('queue:raise', { mode: opts.mode ?? 'oral', group: 'pour' });
  await k.moderator.ok('floor:grant', { participantId: who.participantId, seconds: opts.seconds ?? 60 });
}
