// Recording wired to live debates, through the real server (real mediasoup worker, real
// FFmpeg, PGlite or PostgreSQL): a speaker's media starts the recording by itself, a
// switch of speaker stays in one file, FFmpeg's death starts a new part, the moderator
// turns recording off and on (others may not), the end of the debate stops it; every
// file is in the timeline (hash chain intact), in the archive's list and report, and
// served with HTTP Range. Then shutdown: files end cleanly, the moderator's choice and
// the files a stopped server left open are dealt with after a restart.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { admin, http, modalities } from '../helpers/clients.ts';
import { recordingStartedDraft } from '../../../media/recording/events.ts';
import { insertRecording, getRecording } from '../../src/db/recordings-repo.ts';
import { until } from '../helpers/until.ts';
import { publishRtpSource, type RtpSource, type RtpSourceOptions } from './rtp-source.ts';
import { cast, grantFloor, mediaClient, publish, pushesOf, startMediaApp, waitForPush, type Cast, type MediaClient } from './server-helpers.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sources: RtpSource[] = [];

async function ffmpegPidOf(recordingId: string): Promise<number | null> {
  for (const pid of (await readdir('/proc')).filter((d) => /^\d+$/.test(d))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(recordingId)) return Number(pid);
  }
  return null;
}

async function probe(file: string) {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { timeout: 30_000 });
  return JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string }[]; format: { duration?: string } };
}

/** Picture sizes of the decoded frames, in order (ffprobe decodes every frame). */
async function frameSizes(file: string): Promise<string[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'frame=width,height', '-of', 'csv=p=0', file], {
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim().split('\n').filter(Boolean).map((l) => l.replace(',', 'x'));
}

const recordingPush = (c: MediaClient, match: (p: any) => boolean) => waitForPush(c, 'media:recording', match, 20_000);

async function source(t: TestApp, debateId: string, who: MediaClient, role: 'speaker' | 'participant', o: RtpSourceOptions) {
  const session = await t.app.media!.openSession(debateId);
  const s = await publishRtpSource(session, { participantId: who.participantId, role }, o);
  sources.push(s);
  return s;
}

afterAll(() => {
  for (const s of sources) s.stop();
});

describe('recording a live debate into the archive', () => {
  let t: TestApp;
  let k: Cast;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startMediaApp(45_000);
    k = await cast(t);
  });
  afterAll(async () => {
    k?.close();
    await t?.close();
  });

  it('records nothing while what is on air sends no media (no file, no row, no FFmpeg)', async () => {
    const caps = await k.moderator.ok('media:capabilities', {});
    expect(caps.recording).toEqual({ wanted: true, recording: false });
    // Producers whose transport never connects (a browser still negotiating) put on air.
    await publish(k.moderator, 'audio');
    await publish(k.moderator, 'video');
    await k.moderator.ok('media:program:set', { participantId: k.moderator.participantId });
    await sleep(6000);
    expect(await ffmpegPidOf(k.debateId)).toBeNull();
    expect((await http(t, 'GET', `/api/debates/${k.debateId}/recordings`)).body.recordings).toEqual([]);
    expect(k.moderator.events.filter((e) => e.type.startsWith('recording:'))).toEqual([]);
    expect(pushesOf(k.moderator, 'media:recording')).toEqual([]);
    await k.moderator.ok('media:program:set', { participantId: null });
  });

  it('starts by itself once the floor holder publishes, and consoles see it', async () => {
    await grantFloor(k, k.speaker);
    await source(t, k.debateId, k.speaker, 'speaker', { pattern: 'testsrc', size: '320x240', freq: 440 });

    const on = await recordingPush(k.viewer, (p) => p.recording);
    expect(on).toMatchObject({ wanted: true, recording: true, recordingId: expect.stringMatching(/^rec_/), startedAt: expect.any(Number) });
    ids.push(on.recordingId);
    const started = await k.moderator.waitForEvent('recording:started');
    expect(started.actor).toEqual({ kind: 'system' });
    expect(started.payload).toEqual({ recordingId: on.recordingId, label: 'program', startedAt: on.startedAt, file: `recordings/${k.debateId}/${on.recordingId}.webm` });
    expect((await k.display.ok('media:capabilities', {})).recording).toEqual(on);

    // While it is being written: listed without a url, the file refused.
    const listed = await http(t, 'GET', `/api/debates/${k.debateId}/recordings`);
    expect(listed.status).toBe(200);
    expect(listed.body.recordings).toEqual([expect.objectContaining({ id: on.recordingId, status: 'recording', url: null, endedAt: null })]);
    const busy = await http(t, 'GET', `/api/debates/${k.debateId}/recordings/${on.recordingId}/file`);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('CONFLICT');
  });

  it('follows a switch of speaker in the same file', async () => {
    await sleep(2500);
    await k.moderator.ok('floor:end', {});
    await grantFloor(k, k.citizen);
    await source(t, k.debateId, k.citizen, 'participant', { pattern: 'smptebars', size: '240x180', freq: 880 });
    await waitForPush(k.moderator, 'media:program', (p) => p.participantId === k.citizen.participantId && p.producerIds.length === 2);
    await sleep(3000);
    // Still the same recording: no second start, no stop.
    expect(k.moderator.events.filter((e) => e.type.startsWith('recording:')).map((e) => e.type)).toEqual(['recording:started']);
    expect(pushesOf(k.moderator, 'media:recording').filter((p) => p.recordingId !== ids[0]).length).toBe(0);
  });

  it('when FFmpeg dies: the file is failed, in the timeline, and a new part starts', async () => {
    const pid = await ffmpegPidOf(ids[0]!);
    expect(pid).not.toBeNull();
    process.kill(pid!, 'SIGKILL');
    const stopped = await k.moderator.waitForEvent('recording:stopped', (e) => e.payload.recordingId === ids[0], 20_000);
    expect(stopped.payload).toMatchObject({ status: 'failed', reason: 'failed' });
    const next = await recordingPush(k.moderator, (p) => p.recording && p.recordingId !== ids[0]);
    ids.push(next.recordingId);
    expect(await getRecording(t.app.services.database, ids[0]!)).toMatchObject({ status: 'failed', error: expect.stringContaining('FFmpeg exited') });
    // The failed file still plays up to where FFmpeg died: speaker A's picture, then B's.
    const sizes = await frameSizes(join(t.config.dataDir, 'recordings', k.debateId, `${ids[0]}.webm`));
    const firstB = sizes.indexOf('240x180');
    expect(sizes[0]).toBe('320x240');
    expect(firstB).toBeGreaterThan(10);
    expect(sizes.slice(firstB).every((s) => s === '240x180')).toBe(true);
  });

  it('obeys the moderator only: stop, then start again', async () => {
    await sleep(2000);
    for (const c of [k.citizen, k.speaker, k.display]) expect(await c.refused('media:recording', { action: 'stop' })).toBe('FORBIDDEN');
    expect(await k.moderator.refused('media:recording', { action: 'pause' })).toBe('VALIDATION_FAILED');
    expect(await k.moderator.refused('media:recording', { action: 'stop', extra: 1 })).toBe('VALIDATION_FAILED');

    expect(await k.moderator.ok('media:recording', { action: 'stop' })).toEqual({ wanted: false, recording: false });
    expect(await k.moderator.ok('media:recording', { action: 'stop' })).toEqual({ wanted: false, recording: false });
    await recordingPush(k.viewer, (p) => !p.wanted && !p.recording);
    const stopped = await k.moderator.waitForEvent('recording:stopped', (e) => e.payload.recordingId === ids[1]);
    expect(stopped.payload).toMatchObject({ status: 'complete', reason: 'moderator' });
    await sleep(1000);
    expect((await k.moderator.ok('media:capabilities', {})).recording).toEqual({ wanted: false, recording: false });

    const on = await k.moderator.ok('media:recording', { action: 'start' });
    expect(on).toMatchObject({ wanted: true, recording: true });
    expect(ids).not.toContain(on.recordingId);
    ids.push(on.recordingId);
    await k.moderator.waitForEvent('recording:started', (e) => e.payload.recordingId === on.recordingId);
  });

  it('stops with the debate; every file is in the timeline, the archive and the report', async () => {
    await sleep(2500);
    await k.moderator.ok('debate:end', {});
    const last = await k.moderator.waitForEvent('recording:stopped', (e) => e.payload.recordingId === ids[2], 20_000);
    expect(last.payload).toMatchObject({ status: 'complete', reason: 'debate_ended' });
    await until('the push that recording is off', () => {
      const latest = pushesOf(k.viewer, 'media:recording').at(-1);
      return latest?.wanted === true && latest.recording === false;
    });

    const timeline = await http(t, 'GET', `/api/debates/${k.debateId}/timeline?limit=1000`);
    const rec = timeline.body.events.filter((e: any) => e.type.startsWith('recording:') || e.type === 'debate:ended');
    const moderator = { kind: 'participant', id: k.moderator.participantId, role: 'moderator', name: expect.any(String) };
    expect(rec.map((e: any) => [e.type, e.payload.recordingId ?? null, e.payload.reason ?? null])).toEqual([
      ['recording:started', ids[0], null],
      ['recording:stopped', ids[0], 'failed'],
      ['recording:started', ids[1], null],
      ['recording:disabled', null, null],
      ['recording:stopped', ids[1], 'moderator'],
      ['recording:enabled', null, null],
      ['recording:started', ids[2], null],
      ['debate:ended', null, null],
      ['recording:stopped', ids[2], 'debate_ended'],
    ]);
    expect(rec.filter((e: any) => e.type === 'recording:enabled' || e.type === 'recording:disabled').map((e: any) => e.actor)).toEqual([moderator, moderator]);
    const verify = await http(t, 'GET', `/api/debates/${k.debateId}/verify`);
    expect(verify.body).toMatchObject({ ok: true, count: timeline.body.headSeq, brokenAt: null });

    // The archive (public: no token).
    const list = (await http(t, 'GET', `/api/debates/${k.debateId}/recordings`)).body.recordings;
    expect(list.map((r: any) => [r.id, r.status])).toEqual([
      [ids[0], 'failed'],
      [ids[1], 'complete'],
      [ids[2], 'complete'],
    ]);
    for (const r of list.slice(1)) {
      const wallMs = r.endedAt - r.startedAt;
      // 5 % of the wall time, but not less than 200 ms: these parts last ~3 s, and FFmpeg
      // writes what arrives until it has stopped (a few frames past the stop instant).
      // The 5 % of the issue is checked on a longer recording in media.e2e.test.ts.
      expect(Math.abs(r.durationMs - wallMs), `${r.id}: ${r.durationMs} ms for ${wallMs} ms`).toBeLessThan(Math.max(0.05 * wallMs, 200));
      expect(r).toMatchObject({ mimeType: 'video/webm', label: 'program' });
      expect(r.url).toMatch(new RegExp(`^http://[^/]+/api/debates/${k.debateId}/recordings/${r.id}/file$`));
      expect(r.tracks).toEqual([{ kind: 'audio', mimeType: 'audio/opus' }, { kind: 'video', mimeType: 'video/VP8' }]);
      const probed = await probe(join(t.config.dataDir, 'recordings', k.debateId, `${r.id}.webm`));
      expect(probed.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:opus', 'video:vp8']);
      expect(Math.abs(Number(probed.format.duration) * 1000 - wallMs) / wallMs).toBeLessThan(0.05);
    }

    // The report places each turn in the recordings: alice's began before the first file
    // (her media came after the floor), the citizen's inside it.
    const report = (await http(t, 'GET', `/api/debates/${k.debateId}/report`)).body;
    expect(report.recordings).toEqual(list);
    const [alice, camille] = report.turns;
    expect(alice.speaker.participantId).toBe(k.speaker.participantId);
    expect(alice.recording).toEqual({ recordingId: ids[0], offsetMs: 0 });
    expect(camille.recording).toEqual({ recordingId: ids[0], offsetMs: camille.startedAt - list[0].startedAt });
    expect(camille.recording.offsetMs).toBeGreaterThan(2000);
  });

  it('serves a file with HTTP Range for a <video> to seek', async () => {
    const id = ids[1]!;
    const path = `/api/debates/${k.debateId}/recordings/${id}/file`;
    const bytes = await readFile(join(t.config.dataDir, 'recordings', k.debateId, `${id}.webm`));
    const whole = await fetch(`${t.baseUrl}${path}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-type')).toBe('video/webm');
    expect(Number(whole.headers.get('content-length'))).toBe(bytes.length);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

    const part = await fetch(`${t.baseUrl}${path}`, { headers: { range: 'bytes=100-1099' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1099/${bytes.length}`);
    expect(part.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 1100))).toBe(true);

    const tail = await fetch(`${t.baseUrl}${path}`, { headers: { range: `bytes=${bytes.length - 10}-` } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);

    const past = await fetch(`${t.baseUrl}${path}`, { headers: { range: `bytes=${bytes.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);

    expect((await http(t, 'GET', `/api/debates/${k.debateId}/recordings/rec_nope/file`)).body.error.code).toBe('NOT_FOUND');
    const other = await admin(t, 'POST', '/api/debates', { title: 'Autre', modalities: modalities() });
    const draftPath = `/api/debates/${other.body.debate.id}/recordings/${id}/file`;
    expect((await http(t, 'GET', draftPath)).body.error.code).toBe('DEBATE_NOT_FOUND');
    expect((await admin(t, 'GET', draftPath)).body.error.code).toBe('NOT_FOUND');

    const openapi = (await http(t, 'GET', '/docs/json')).body;
    expect(openapi.paths['/api/debates/{id}/recordings'].get.tags).toEqual(['archive']);
    expect(openapi.paths['/api/debates/{id}/recordings/{recordingId}/file'].get.description).toContain('Range');
    const report = openapi.paths['/api/debates/{id}/report'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(report.properties)).toContain('recordings');
  });
});

describe('recording across a shutdown and a restart', () => {
  let t: TestApp;
  let k: Cast;
  let debateId: string;

  beforeAll(async () => {
    t = await startMediaApp(45_200);
    k = await cast(t);
    debateId = k.debateId;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function moderator(): Promise<MediaClient> {
    const token = await admin(t, 'POST', `/api/debates/${debateId}/tokens/moderator`);
    return mediaClient(t, token.body.token, token.body.participantId);
  }

  let parts: string[] = [];

  it('records a microphone alone, then starts a new part when a camera comes on air', async () => {
    await grantFloor(k, k.speaker);
    const publishedAt = Date.now();
    await source(t, debateId, k.speaker, 'speaker', { kinds: ['audio'] });
    const audioOnly = await recordingPush(k.moderator, (p) => p.recording);
    // It gave the camera a moment (1.5 s) to follow the microphone before starting without it.
    expect(Date.now() - publishedAt).toBeGreaterThanOrEqual(1400);
    await sleep(2000);
    await source(t, debateId, k.speaker, 'speaker', { kinds: ['video'] });
    const both = await recordingPush(k.moderator, (p) => p.recording && p.recordingId !== audioOnly.recordingId);
    parts = [audioOnly.recordingId, both.recordingId];
    await k.moderator.waitForEvent('recording:started', (e) => e.payload.recordingId === both.recordingId);
    expect(k.moderator.events.filter((e) => e.type.startsWith('recording:')).map((e) => [e.type, e.payload.recordingId, e.payload.reason ?? null])).toEqual([
      ['recording:started', parts[0], null],
      ['recording:stopped', parts[0], 'rollover'],
      ['recording:started', parts[1], null],
    ]);
    const [first] = (await http(t, 'GET', `/api/debates/${debateId}/recordings`)).body.recordings;
    expect(first).toMatchObject({ id: parts[0], status: 'complete', mimeType: 'audio/webm', tracks: [{ kind: 'audio', mimeType: 'audio/opus' }] });
    const probed = await probe(join(t.config.dataDir, 'recordings', debateId, `${parts[0]}.webm`));
    expect(probed.streams.map((x) => x.codec_type)).toEqual(['audio']);
    const audio = await fetch(first.url);
    expect(audio.headers.get('content-type')).toBe('audio/webm');
  });

  it('ends the file cleanly at shutdown (trailer written) and says so in the timeline', async () => {
    await sleep(3000);
    k.close();
    t = await t.restart();
    for (const src of sources) src.stop();

    const [, r] = (await http(t, 'GET', `/api/debates/${debateId}/recordings`)).body.recordings;
    expect(r).toMatchObject({ id: parts[1], status: 'complete', mimeType: 'video/webm' });
    const wallMs = r.endedAt - r.startedAt;
    expect(Math.abs(r.durationMs - wallMs) / wallMs).toBeLessThan(0.05);
    // A duration in the header: FFmpeg wrote its trailer.
    expect(Number((await probe(join(t.config.dataDir, 'recordings', debateId, `${r.id}.webm`))).format.duration)).toBeGreaterThan(2);
    const events = (await http(t, 'GET', `/api/debates/${debateId}/timeline?limit=1000`)).body.events;
    expect(events.at(-1)).toMatchObject({ type: 'recording:stopped', payload: { recordingId: parts[1], status: 'complete', reason: 'shutdown' } });
  });

  it("keeps the moderator's choice and closes the files a stopped server left open", async () => {
    let mod = await moderator();
    expect((await mod.ok('media:capabilities', {})).recording).toEqual({ wanted: true, recording: false });
    expect(await mod.ok('media:recording', { action: 'stop' })).toEqual({ wanted: false, recording: false });
    // A file a crashed server was writing: its row still 'recording', its start in the log.
    const orphan = { id: 'rec_orphan', debateId, label: 'program', tracks: [{ kind: 'audio' as const, mimeType: 'audio/opus' }], filePath: `recordings/${debateId}/rec_orphan.webm`, startedAt: Date.now() - 5000 };
    await insertRecording(t.app.services.database, orphan);
    const live = await t.app.services.registry.get(debateId);
    await live.appendSystemEvent(recordingStartedDraft({ recordingId: orphan.id, label: 'program', startedAt: orphan.startedAt, file: orphan.filePath }));
    mod.close();
    t = await t.restart();

    mod = await moderator();
    expect((await mod.ok('media:capabilities', {})).recording).toEqual({ wanted: false, recording: false });
    await mod.waitForEvent('recording:stopped', (e) => e.payload.recordingId === orphan.id);
    expect(await getRecording(t.app.services.database, orphan.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('interrupted'), sizeBytes: null, durationMs: null });
    const events = (await http(t, 'GET', `/api/debates/${debateId}/timeline?limit=1000`)).body.events;
    expect(events.at(-1)).toMatchObject({ type: 'recording:stopped', actor: { kind: 'system' }, payload: { recordingId: orphan.id, status: 'failed', reason: 'interrupted' } });
    expect((await http(t, 'GET', `/api/debates/${debateId}/verify`)).body.ok).toBe(true);
    // Only recording events may enter the log that way: the rest goes through the domain.
    const again = await t.app.services.registry.get(debateId);
    await expect(again.appendSystemEvent({ type: 'floor:overtime', payload: { turnId: 't1', since: 0 } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    mod.close();
  });
});
