// The HLS broadcast through the real server (real mediasoup worker, real FFmpeg, PGlite or
// PostgreSQL): it starts with the debate once the floor holder's media flows, follows a
// program switch in one playlist, survives the encoder's death (a discontinuity marked,
// segment names never reused), obeys the moderator only, and ends with the debate
// (EXT-X-ENDLIST, no FFmpeg left). Playlist and segments are probed with ffprobe over HTTP
// and served with cache headers for a CDN.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { http } from '../helpers/clients.ts';
import { until } from '../helpers/until.ts';
import type { RtpSource } from '../media/rtp-source.ts';
import { cast, grantFloor, startMediaApp, waitForPush, type Cast } from '../media/server-helpers.ts';
import { broadcastPush, concatOf, frameSizes, pidsWith, probe, speakerSource, toneHz } from './helpers.ts';

const sources: RtpSource[] = [];

/** The playlist's segment URIs, in order, with `|` where a discontinuity is marked. */
async function playlist(t: TestApp, debateId: string): Promise<{ text: string; segments: string[]; res: Response }> {
  const res = await fetch(`${t.baseUrl}/api/debates/${debateId}/hls/index.m3u8`);
  const text = res.status === 200 ? await res.text() : '';
  return { text, res, segments: text.split('\n').filter((l) => l.endsWith('.ts')) };
}

describe('HLS broadcast of the program feed', { timeout: 90_000 }, () => {
  let t: TestApp;
  let k: Cast;
  const runs: string[] = [];
  const dir = () => join(t.config.dataDir, 'broadcast', k.debateId);

  beforeAll(async () => {
    t = await startMediaApp(48_400, { BROADCAST_AUTOSTART: 'true' });
    k = await cast(t);
  });
  afterAll(async () => {
    for (const s of sources) s.stop();
    k?.close();
    await t?.close();
  });

  it('starts by itself with the floor holder’s media, served with CDN cache headers', async () => {
    expect(await k.viewer.ok('media:broadcast:state', {})).toMatchObject({ wanted: true, live: false, destinations: [] });
    expect((await http(t, 'GET', `/api/debates/${k.debateId}/hls/index.m3u8`)).status).toBe(404);
    await grantFloor(k, k.speaker);
    sources.push(await speakerSource(t, k.debateId, k.speaker, 'speaker', { pattern: 'testsrc', size: '320x240', freq: 440 }));
    const live = await broadcastPush(k.viewer, (p) => p.live);
    expect(live).toMatchObject({ wanted: true, live: true, playlist: `/api/debates/${k.debateId}/hls/index.m3u8`, startedAt: expect.any(Number) });
    const started = await k.moderator.waitForEvent('broadcast:started');
    expect(started.actor).toEqual({ kind: 'system' });

    const p = await until('3 segments', async () => ((await playlist(t, k.debateId)).segments.length >= 3 ? playlist(t, k.debateId) : null), 30_000, 200);
    expect(p.res.headers.get('cache-control')).toBe('public, max-age=1');
    expect(p.res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(p.text).toMatch(/#EXT-X-PROGRAM-DATE-TIME:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}/);
    expect(p.text).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    expect(p.text).not.toContain('#EXT-X-ENDLIST');
    // The program date-time says when the picture was live: within a few seconds of now.
    const pdt = [...p.text.matchAll(/#EXT-X-PROGRAM-DATE-TIME:(\S+)/g)].map((m) => Date.parse(m[1]!.replace(/\+0000$/, 'Z')));
    expect(Math.abs(pdt[0]! - live.startedAt)).toBeLessThan(5000);
    runs.push(p.segments[0]!.split('-')[0]!);

    const seg = await fetch(`${t.baseUrl}/api/debates/${k.debateId}/hls/${p.segments[0]}`);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    const probed = await probe(`${t.baseUrl}/api/debates/${k.debateId}/hls/${p.segments[0]}`);
    expect(probed.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
    expect(probed.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 854, height: 480 });
    const local = await probe(join(t.config.dataDir, 'broadcast', k.debateId, p.segments[0]!));
    expect(Number(local.format.duration)).toBeGreaterThan(0.5);
    expect(Number(local.format.duration)).toBeLessThan(2.5);

    // Bad names are refused, never read from the disk.
    expect((await http(t, 'GET', `/api/debates/${k.debateId}/hls/..%2Fsecret.ts`)).status).toBe(400);
    expect((await http(t, 'GET', `/api/debates/${k.debateId}/hls/zzz-999.ts`)).status).toBe(404);
  });

  it('follows a program switch in the same encoder run', async () => {
    await k.moderator.ok('floor:end', {});
    await grantFloor(k, k.citizen);
    sources.push(await speakerSource(t, k.debateId, k.citizen, 'participant', { pattern: 'smptebars', size: '240x180', freq: 880 }));
    await waitForPush(k.moderator, 'media:program', (p) => p.participantId === k.citizen.participantId && p.producerIds.length === 2);
    const before = (await playlist(t, k.debateId)).segments.length;
    await until('4 more segments', async () => (await playlist(t, k.debateId)).segments.length >= before + 4, 30_000, 200);
    expect(k.moderator.events.filter((e) => e.type.startsWith('broadcast:')).map((e) => e.type)).toEqual(['broadcast:started']);
    // Every segment decodes, at one picture size across the switch; A's tone before, B's after.
    const all = (await playlist(t, k.debateId)).segments;
    const sizes = await frameSizes(concatOf(dir(), all));
    expect(sizes.length).toBeGreaterThan(all.length * 20);
    expect(new Set(sizes)).toEqual(new Set(['854x480']));
    expect(await toneHz(concatOf(dir(), all.slice(0, 2)))).toBeCloseTo(440, -2);
    expect(await toneHz(concatOf(dir(), all.slice(-2)))).toBeCloseTo(880, -2);
  });

  it('survives the encoder’s death: a new run appended, the discontinuity marked', async () => {
    const pid = t.app.broadcast!.encoderPid(k.debateId);
    expect(pid).toBeDefined();
    const segmentsBefore = (await playlist(t, k.debateId)).segments;
    process.kill(pid!, 'SIGKILL');
    const stopped = await k.moderator.waitForEvent('broadcast:stopped', () => true, 20_000);
    expect(stopped.payload).toMatchObject({ reason: 'failed', error: expect.stringContaining('signal SIGKILL') });
    await k.moderator.waitForEvent('broadcast:started', (e) => e.seq > stopped.seq, 30_000);
    const p = await until('segments of the new run', async () => {
      const now = await playlist(t, k.debateId);
      return now.segments.filter((s) => !s.startsWith(`${runs[0]}-`)).length >= 2 ? now : null;
    }, 30_000, 200);
    const newRun = p.segments.at(-1)!.split('-')[0]!;
    expect(newRun).not.toBe(runs[0]);
    runs.push(newRun);
    // Old segments kept their names (what a CDN cached stays right); numbering goes on.
    for (const s of segmentsBefore.slice(-3)) expect(p.segments).toContain(s);
    const lines = p.text.split('\n');
    const firstNew = lines.findIndex((l) => l.startsWith(`${newRun}-`));
    expect(lines.slice(0, firstNew).lastIndexOf('#EXT-X-DISCONTINUITY')).toBeGreaterThan(lines.findIndex((l) => l.startsWith(`${runs[0]}-`)));
    const seqs = p.segments.map((s) => Number(s.split('-')[1]!.replace('.ts', '')));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const probed = await probe(concatOf(dir(), p.segments.slice(-3)));
    expect(probed.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
  });

  it('obeys the moderator only, and ends with the debate', async () => {
    for (const c of [k.citizen, k.speaker, k.display, k.viewer]) expect(await c.refused('media:broadcast', { action: 'stop' })).toBe('FORBIDDEN');
    expect(await k.moderator.refused('media:broadcast', { action: 'pause' })).toBe('VALIDATION_FAILED');
    expect(await k.moderator.ok('media:broadcast', { action: 'stop' })).toMatchObject({ wanted: false, live: false });
    const off = await k.moderator.waitForEvent('broadcast:stopped', (e) => e.payload.reason === 'moderator');
    expect((await k.moderator.waitForEvent('broadcast:disabled')).actor).toMatchObject({ kind: 'participant', role: 'moderator' });
    expect(await pidsWith(`broadcast/${k.debateId}`)).toEqual([]);

    expect(await k.moderator.ok('media:broadcast', { action: 'start' })).toMatchObject({ wanted: true });
    await k.moderator.waitForEvent('broadcast:started', (e) => e.seq > off.seq, 30_000);
    await k.moderator.ok('debate:end', {});
    await k.moderator.waitForEvent('broadcast:stopped', (e) => e.payload.reason === 'debate_ended', 20_000);
    await until('the end of the playlist', async () => (await playlist(t, k.debateId)).text.includes('#EXT-X-ENDLIST'), 10_000, 100);
    await until('no broadcast FFmpeg left', async () => (await pidsWith(`broadcast/${k.debateId}`)).length === 0, 10_000, 100);

    const timeline = await http(t, 'GET', `/api/debates/${k.debateId}/timeline?limit=1000`);
    const types = timeline.body.events.filter((e: any) => e.type.startsWith('broadcast:')).map((e: any) => [e.type, e.payload.reason ?? null]);
    expect(types).toEqual([
      ['broadcast:started', null],
      ['broadcast:stopped', 'failed'],
      ['broadcast:started', null],
      ['broadcast:disabled', null],
      ['broadcast:stopped', 'moderator'],
      ['broadcast:enabled', null],
      ['broadcast:started', null],
      ['broadcast:stopped', 'debate_ended'],
    ]);
    expect((await http(t, 'GET', `/api/debates/${k.debateId}/verify`)).body).toMatchObject({ ok: true });
  });
});
