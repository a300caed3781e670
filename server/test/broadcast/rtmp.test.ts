// RTMP(S) push of the program through the real server to real ingests (nginx +
// libnginx-mod-rtmp started here, recording what they receive): the organizer configures
// destinations whose stream keys never come back (API, pushes, timeline, logs); one
// ingest refuses at first (nothing listens yet) and is retried with backoff while the
// other goes on, then accepts; the pushed streams are H.264 + AAC, last as long as the
// wall clock says, and carry both speakers across a program switch.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, join as joinDebate } from '../helpers/clients.ts';
import { until } from '../helpers/until.ts';
import { requireWorkerBinary } from '../media/helpers.ts';
import type { RtpSource } from '../media/rtp-source.ts';
import { cast, grantFloor, pushesOf, waitForPush, type Cast } from '../media/server-helpers.ts';
import { broadcastPush, pidsWith, probe, speakerSource, toneHz } from './helpers.ts';
import { freePort, startRtmpServer, type RtmpServer } from './rtmp-server.ts';

const KEY_A = `live-a-${randomBytes(8).toString('hex')}`;
const KEY_B = `live-b-${randomBytes(8).toString('hex')}`;

describe('RTMP push of the program feed', { timeout: 120_000 }, () => {
  let t: TestApp;
  let k: Cast;
  let first: RtmpServer;
  let late: RtmpServer | null = null;
  let latePort: number;
  const logs: string[] = [];
  const sources: RtpSource[] = [];
  const answers: unknown[] = [];
  const ids: Record<'first' | 'late', string> = { first: '', late: '' };
  let firstPushAt = 0;
  let stoppedAt = 0;

  beforeAll(async () => {
    requireWorkerBinary();
    first = await startRtmpServer(await freePort());
    latePort = await freePort();
    t = await startTestApp({
      env: { MEDIA_WORKERS: '1', MEDIA_RTC_MIN_PORT: '48600', MEDIA_RTC_MAX_PORT: '48799', MEDIA_LOG_LEVEL: 'error', SOCKET_RATE_BURST: '1000', SOCKET_RATE_PER_SEC: '1000' },
      logger: { level: 'debug', stream: { write: (line: string) => void logs.push(line) } },
    });
    k = await cast(t);
  });
  afterAll(async () => {
    for (const s of sources) s.stop();
    k?.close();
    await t?.close();
    await first?.close();
    await late?.close();
  });

  it('lets the organizer configure destinations, and never gives a stream key back', async () => {
    const path = `/api/debates/${k.debateId}/broadcast/destinations`;
    const citizen = await joinDebate(t, k.debateId, { displayName: 'Eve' });
    expect((await http(t, 'POST', path, { token: citizen.token, body: { label: 'x', url: first.url, streamKey: 'k' } })).status).toBe(403);
    expect((await http(t, 'GET', path, { token: citizen.token })).status).toBe(403);
    const bad = await admin(t, 'POST', path, { label: 'x', url: 'http://example.org/live', streamKey: 'k' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await admin(t, 'POST', path, { label: 'x', url: 'rtmp://u:p@host/live', streamKey: 'k' })).status).toBe(400);

    const a = await admin(t, 'POST', path, { label: 'PeerTube de la ville', url: first.url, streamKey: KEY_A });
    expect(a.status).toBe(201);
    expect(a.body).toEqual({ id: expect.stringMatching(/^dst_/), label: 'PeerTube de la ville', url: first.url, state: 'idle', reason: null, retryAt: null });
    const b = await admin(t, 'POST', path, { label: 'Relais', url: `rtmp://127.0.0.1:${latePort}/live/`, streamKey: KEY_B });
    expect(b.status).toBe(201);
    ids.first = a.body.id;
    ids.late = b.body.id;
    const list = await admin(t, 'GET', path);
    expect(list.body.destinations.map((d: any) => [d.label, d.url])).toEqual([
      ['PeerTube de la ville', first.url],
      ['Relais', `rtmp://127.0.0.1:${latePort}/live`],
    ]);
    answers.push(a.body, b.body, list.body);
  });

  it('pushes to every destination; one refusing is retried with backoff while the other stays live', async () => {
    expect(await k.moderator.ok('media:broadcast', { action: 'start' })).toMatchObject({ wanted: true });
    await grantFloor(k, k.speaker);
    sources.push(await speakerSource(t, k.debateId, k.speaker, 'speaker', { pattern: 'testsrc', size: '320x240', freq: 440 }));
    // The push carries the program from when it starts (FFmpeg reads what waited in its pipe).
    await broadcastPush(k.moderator, (p) => p.destinations.some((d: any) => d.id === ids.first && d.state === 'connecting'));
    firstPushAt = Date.now();
    const firstLive = await broadcastPush(k.moderator, (p) => p.destinations.some((d: any) => d.id === ids.first && d.state === 'live'));
    const retrying = await broadcastPush(k.moderator, (p) => p.destinations.some((d: any) => d.id === ids.late && d.state === 'retrying'));
    const lateState = retrying.destinations.find((d: any) => d.id === ids.late);
    expect(lateState.reason).toMatch(/Connection refused/);
    expect(lateState.retryAt).toBeGreaterThan(Date.now() - 1000);
    const failed = await k.moderator.waitForEvent('broadcast:destination', (e) => e.payload.destinationId === ids.late && e.payload.state === 'failed');
    expect(failed.payload).toMatchObject({ label: 'Relais', reason: expect.stringMatching(/Connection refused/) });
    expect(failed.actor).toEqual({ kind: 'system' });
    // Still retrying, a second time, later: the backoff has grown.
    await until('a second failure', () => k.moderator.events.filter((e) => e.type === 'broadcast:destination' && e.payload.destinationId === ids.late && e.payload.state === 'failed').length >= 2, 20_000);
    expect(pushesOf(k.moderator, 'media:broadcast').at(-1).destinations.find((d: any) => d.id === ids.first).state).toBe('live');
    answers.push(firstLive, retrying, await k.viewer.ok('media:broadcast:state', {}));

    late = await startRtmpServer(latePort);
    await broadcastPush(k.moderator, (p) => p.destinations.some((d: any) => d.id === ids.late && d.state === 'live'), 40_000);
  });

  // About 30 s of program: the 5 % bound is then ~1.5 s, above the start-up and end of a push
  // (a keyframe, the muxer's delay), which a 16 s clip measured at 0.8-1 s on this machine.
  it('carries both speakers across a program switch, H.264 + AAC, as long as the wall clock', { timeout: 120_000 }, async () => {
    // The HLS playlist is the clock: each segment (its sequence number) is a second of program.
    const segments = async () => {
      const last = (await fetch(`${t.baseUrl}/api/debates/${k.debateId}/hls/index.m3u8`).then((r) => r.text())).split('\n').filter((l) => l.endsWith('.ts')).at(-1);
      return last ? Number(/-(\d+)\.ts$/.exec(last)![1]) : 0;
    };
    let n = await segments();
    await until('12 s more of speaker A', async () => (await segments()) >= n + 12, 45_000, 200);
    await k.moderator.ok('floor:end', {});
    await grantFloor(k, k.citizen);
    sources.push(await speakerSource(t, k.debateId, k.citizen, 'participant', { pattern: 'smptebars', size: '240x180', freq: 880 }));
    await waitForPush(k.moderator, 'media:program', (p) => p.participantId === k.citizen.participantId && p.producerIds.length === 2);
    n = await segments();
    await until('14 s of speaker B', async () => (await segments()) >= n + 14, 45_000, 200);

    expect(await k.moderator.ok('media:broadcast', { action: 'stop' })).toMatchObject({ wanted: false, live: false });
    stoppedAt = Date.now();
    await until('every push stopped', async () => (await pidsWith(KEY_A)).length + (await pidsWith(KEY_B)).length === 0, 10_000, 100);
    await first.stop();
    await late!.stop();

    const [a] = await first.recordings();
    expect(a).toBeDefined();
    const probed = await probe(a!);
    expect(probed.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
    const wall = (stoppedAt - firstPushAt) / 1000;
    const duration = Number(probed.format.duration);
    expect(Math.abs(duration - wall) / wall, `${duration} s pushed for ${wall} s of wall time`).toBeLessThan(0.05);
    expect(await toneHz(a!, ['-t', '3'])).toBeCloseTo(440, -2);
    expect(await toneHz(a!, ['-sseof', '-3'])).toBeCloseTo(880, -2);

    const [b] = await late!.recordings();
    const probedB = await probe(b!);
    expect(probedB.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
    expect(await toneHz(b!, ['-sseof', '-3'])).toBeCloseTo(880, -2);
  });

  it('keeps the stream keys out of the API, the pushes, the timeline and the logs', async () => {
    const timeline = await http(t, 'GET', `/api/debates/${k.debateId}/timeline?limit=1000`);
    const dest = timeline.body.events.filter((e: any) => e.type === 'broadcast:destination' && e.payload.destinationId === ids.late).map((e: any) => e.payload.state);
    expect(dest.slice(0, 3)).toEqual(['connecting', 'failed', 'retrying']);
    expect(dest).toContain('live');
    const publicState = await http(t, 'GET', `/api/debates/${k.debateId}/broadcast`);
    expect(publicState.body).toMatchObject({ live: false, playlist: `/api/debates/${k.debateId}/hls/index.m3u8`, threshold: 400 });
    const everything = JSON.stringify([
      answers,
      timeline.body,
      publicState.body,
      (await admin(t, 'GET', `/api/debates/${k.debateId}/broadcast/destinations`)).body,
      k.all.map((c) => c.pushes),
      k.all.map((c) => c.events),
      logs,
    ]);
    expect(everything).toContain('Connection refused'); // the reasons are there…
    expect(logs.join('\n')).toContain('broadcast: push ended');
    for (const key of [KEY_A, KEY_B]) expect(everything).not.toContain(key); // …the keys are not
  });
});
