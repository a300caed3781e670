// Recording the program feed with the real mediasoup worker and real FFmpeg: test
// sources are FFmpeg processes sending a generated pattern and tone (VP8 or H264 + Opus)
// over plain RTP into producers; the recorder records them; the files are read back with
// ffprobe and decoded. Every process this file spawns is killed in afterAll.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { types } from 'mediasoup';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTER_MEDIA_CODECS } from '../../../media/codecs.ts';
import { loadMediasoup } from '../../../media/mediasoup.ts';
import { startRecording, type Recorder, type StartRecordingOptions } from '../../../media/recording/recorder.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { getRecording, listRecordings } from '../../src/db/recordings-repo.ts';
import { recordingStore } from '../../src/media-wiring/recording-store.ts';
import { AppError } from '../../src/errors.ts';
import { newDebate } from '../db/fixtures.ts';
import { collectingLogger, isAlive, withWorker } from './helpers.ts';

const run = promisify(execFile);
const children = new Set<ChildProcess>();
const recorders: Recorder[] = [];

interface Source {
  audio: types.Producer;
  video: types.Producer;
  sender: ChildProcess;
}

/** FFmpeg sending a test pattern + tone as RTP to two comedia PlainTransports. */
async function startSource(
  router: types.Router,
  n: number,
  o: { pattern: string; size: string; freq: number; h264?: boolean },
): Promise<Source> {
  const plain = () => router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: true });
  const [at, vt] = [await plain(), await plain()];
  const [aSsrc, vSsrc] = [11_000 + n, 22_000 + n];
  const audio = await at.produce({
    kind: 'audio',
    rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48_000, channels: 2 }], encodings: [{ ssrc: aSsrc }] },
  });
  const pli = [{ type: 'nack', parameter: 'pli' }];
  const videoCodec = o.h264
    ? { mimeType: 'video/H264', payloadType: 125, clockRate: 90_000, rtcpFeedback: pli, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' } }
    : { mimeType: 'video/VP8', payloadType: 96, clockRate: 90_000, rtcpFeedback: pli };
  const video = await vt.produce({ kind: 'video', rtpParameters: { codecs: [videoCodec], encodings: [{ ssrc: vSsrc }] } });
  const encoder = o.h264
    ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p']
    : ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k'];
  const rtp = (t: types.PlainTransport) => `rtp://127.0.0.1:${t.tuple.localPort}?rtcpport=${t.rtcpTuple!.localPort}&pkt_size=1200`;
  // -g 15: a keyframe every second. FFmpeg's RTP sender ignores PLIs, so that is when a
  // new consumer gets its first picture.
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-re', '-f', 'lavfi', '-i', `${o.pattern}=size=${o.size}:rate=15`,
    '-re', '-f', 'lavfi', '-i', `sine=frequency=${o.freq}:sample_rate=48000`,
    '-map', '0:v', ...encoder, '-g', '15', '-keyint_min', '15',
    '-ssrc', String(vSsrc), '-payload_type', String(videoCodec.payloadType), '-f', 'rtp', rtp(vt),
    '-map', '1:a', '-c:a', 'libopus', '-b:a', '48k', '-ac', '2',
    '-ssrc', String(aSsrc), '-payload_type', '111', '-f', 'rtp', rtp(at),
  ];
  const sender = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(sender);
  const flowing = async () => (await video.getStats())[0]?.packetCount ?? 0;
  const deadline = Date.now() + 10_000;
  while ((await flowing()) === 0) {
    if (Date.now() > deadline) throw new Error(`test source ${n} sends nothing`);
    await sleep(50);
  }
  return { audio, video, sender };
}

function stopSource(s: Source): void {
  s.sender.kill('SIGKILL');
  children.delete(s.sender);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pliCount(p: types.Producer): Promise<number> {
  return (await p.getStats())[0]?.pliCount ?? 0;
}

async function probeJson(file: string) {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { timeout: 30_000 });
  return JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string }[]; format: { duration?: string } };
}

/** Decoded video frames (ffprobe decodes every frame for -show_frames). */
async function decodedFrames(file: string): Promise<{ t: number; width: number; height: number }[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'frame=pts_time,width,height', '-of', 'csv=p=0', file], {
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [t, width, height] = l.split(',').map(Number);
      return { t: t!, width: width!, height: height! };
    });
}

async function audioPacketTimes(file: string): Promise<number[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'a', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file], { timeout: 30_000 });
  return stdout.trim().split('\n').filter(Boolean).map(Number);
}

/** Pids of the processes whose command line contains `text` (Linux /proc). */
async function processesMentioning(text: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
  const found: number[] = [];
  for (const pid of pids) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) found.push(Number(pid));
  }
  return found;
}

const maxGap = (times: number[]) => times.slice(1).reduce((m, t, i) => Math.max(m, t - times[i]!), 0);

describe('recording the program feed (real worker, real FFmpeg)', () => {
  const log = collectingLogger();
  let worker: types.Worker;
  let router: types.Router;
  let database: TestDatabase;
  let dataDir: string;
  let debateId: string;

  withWorker(async () => {
    const mediasoup = await loadMediasoup();
    worker = await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: 49_000, rtcMaxPort: 49_199 });
    router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
    database = await openTestDatabase();
    debateId = (await newDebate(database)).id;
    dataDir = await mkdtemp(join(tmpdir(), 'tribune-rec-'));
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    for (const r of recorders) if (r.pid !== undefined && isAlive(r.pid)) process.kill(r.pid, 'SIGKILL');
    worker?.close();
    await database?.cleanup();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function record(producers: StartRecordingOptions['producers']): Promise<Recorder> {
    const rec = await startRecording({ debateId, router, producers, dataDir, store: recordingStore(database), logger: log });
    recorders.push(rec);
    return rec;
  }

  it('records ~4 s of VP8 + Opus into WebM: one audio and one video stream, duration within 5% of the wall time', async () => {
    const src = await startSource(router, 1, { pattern: 'testsrc', size: '320x240', freq: 440 });
    const plisBefore = await pliCount(src.video);
    const calledAt = Date.now();
    const rec = await record({ audio: src.audio.id, video: src.video.id });
    const returnedAt = Date.now();
    expect(rec.file).toBe(`recordings/${debateId}/${rec.id}.webm`);
    // t=0 of the file lies between the call and its return (FFmpeg's first packet).
    expect(rec.startedAt).toBeGreaterThanOrEqual(calledAt);
    expect(rec.startedAt).toBeLessThanOrEqual(returnedAt);
    expect(await pliCount(src.video)).toBeGreaterThan(plisBefore);
    const row = await getRecording(database, rec.id);
    expect(row).toMatchObject({ status: 'recording', debateId, label: 'program', filePath: rec.file, startedAt: rec.startedAt });

    expect(await processesMentioning(rec.id)).toEqual([rec.pid]);
    await sleep(4000);
    const summary = await rec.stop();
    stopSource(src);
    expect(await processesMentioning(rec.id)).toEqual([]);
    const wallMs = summary.endedAt - summary.startedAt;
    expect(summary.status).toBe('complete');
    expect(Math.abs(summary.durationMs! - wallMs) / wallMs).toBeLessThan(0.05);
    console.info(`[recording] plain: wall ${wallMs} ms, ffprobe ${summary.durationMs} ms`);

    const probed = await probeJson(join(dataDir, summary.file));
    expect(probed.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:opus', 'video:vp8']);
    expect(Math.round(Number(probed.format.duration) * 1000)).toBe(summary.durationMs);
    expect(summary.sizeBytes).toBe((await stat(join(dataDir, summary.file))).size);
    const frames = await decodedFrames(join(dataDir, summary.file));
    expect(frames.length).toBeGreaterThan(0.7 * 15 * (wallMs / 1000 - 1)); // the first keyframe may take up to 1 s

    expect(await getRecording(database, rec.id)).toMatchObject({
      status: 'complete',
      startedAt: summary.startedAt,
      endedAt: summary.endedAt,
      sizeBytes: summary.sizeBytes,
      durationMs: summary.durationMs,
      error: null,
    });
    expect(await rec.stop()).toEqual(summary);
    expect(await rec.ended).toEqual(summary);
    expect(rec.pid !== undefined && isAlive(rec.pid)).toBe(false);
    await expect(rec.switchFeed({ audio: src.audio.id })).rejects.toMatchObject({ code: 'CONFLICT' });
  }, 40_000);

  it('keeps one file across a switch of the program feed; both speakers are in it and it plays end to end', async () => {
    const a = await startSource(router, 2, { pattern: 'testsrc', size: '320x240', freq: 440 });
    const b = await startSource(router, 3, { pattern: 'testsrc2', size: '240x180', freq: 880 });
    const rec = await record({ audio: a.audio.id, video: a.video.id });
    await sleep(3000);

    // A refused switch leaves the recording as it was, every kind of it.
    await expect(rec.switchFeed({ audio: b.audio.id, video: 'no-such-producer' })).rejects.toBeInstanceOf(AppError);
    await expect(rec.switchFeed({ audio: b.video.id, video: b.video.id })).rejects.toMatchObject({ code: 'CANNOT_CONSUME' });
    expect(rec.feed).toEqual({ audio: a.audio.id, video: a.video.id });

    const plisBefore = await pliCount(b.video);
    const switchedAt = Date.now();
    await rec.switchFeed({ audio: b.audio.id, video: b.video.id });
    expect(rec.feed).toEqual({ audio: b.audio.id, video: b.video.id });
    expect(await pliCount(b.video)).toBeGreaterThan(plisBefore);
    await sleep(3000);
    const summary = await rec.stop();
    stopSource(a);
    stopSource(b);

    const wallMs = summary.endedAt - summary.startedAt;
    expect(summary.status).toBe('complete');
    expect(Math.abs(summary.durationMs! - wallMs) / wallMs).toBeLessThan(0.05);
    const file = join(dataDir, summary.file);
    const frames = await decodedFrames(file);
    const switchOffset = (switchedAt - summary.startedAt) / 1000;
    const before = frames.filter((f) => f.t < switchOffset);
    const after = frames.filter((f) => f.t > switchOffset);
    // Speaker A's picture before the switch, speaker B's (another size) after it.
    expect(before.length).toBeGreaterThan(20);
    expect(before.every((f) => f.width === 320 && f.height === 240)).toBe(true);
    expect(after.filter((f) => f.width === 240 && f.height === 180).length).toBeGreaterThan(20);
    expect(Math.max(...frames.map((f) => f.t))).toBeGreaterThan(summary.durationMs! / 1000 - 0.5);
    // The video waits at most for B's next keyframe (1 s); the sound never stops.
    const videoGap = maxGap(frames.map((f) => f.t));
    const audioGap = maxGap(await audioPacketTimes(file));
    expect(videoGap).toBeLessThan(1.5);
    expect(audioGap).toBeLessThan(0.5);
    const decode = await run('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { timeout: 30_000 });
    expect(decode.stderr).not.toMatch(/corrupt|invalid frame|error while decoding/i);
    console.info(
      `[recording] switch: wall ${wallMs} ms, ffprobe ${summary.durationMs} ms, switch at ${switchOffset.toFixed(3)} s, ` +
        `frames ${before.length}+${after.length}, max video gap ${videoGap.toFixed(3)} s, max audio gap ${audioGap.toFixed(3)} s`,
    );
  }, 40_000);

  it('stops promptly and completely while the feed is silent (paused producers)', async () => {
    const src = await startSource(router, 4, { pattern: 'testsrc', size: '320x240', freq: 440 });
    const rec = await record({ audio: src.audio.id, video: src.video.id });
    await sleep(2000);
    await src.audio.pause();
    await src.video.pause();
    await sleep(700);
    const t0 = Date.now();
    const summary = await rec.stop();
    stopSource(src);
    // FFmpeg, blocked waiting for packets, is woken by the recorder's packets of silence
    // before the second SIGINT (3.1 s after the stop), which would abort the trailer.
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(summary.status).toBe('complete');
    const probed = await probeJson(join(dataDir, summary.file));
    expect(probed.streams).toHaveLength(2);
    // The trailer was written (a duration in the header), and the file reaches the stop.
    const wallMs = summary.endedAt - summary.startedAt;
    expect(Number(probed.format.duration) * 1000).toBeGreaterThan(wallMs - 100);
    expect(Number(probed.format.duration) * 1000).toBeLessThan(wallMs + 400);
  }, 30_000);

  it('a killed FFmpeg leaves a readable partial file and a failed row, with its stderr logged', async () => {
    const src = await startSource(router, 5, { pattern: 'testsrc', size: '320x240', freq: 440 });
    const rec = await record({ audio: src.audio.id, video: src.video.id });
    await sleep(3000);
    process.kill(rec.pid!, 'SIGKILL');
    const killedAt = Date.now();
    const summary = await rec.ended;
    stopSource(src);
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(/FFmpeg exited/);
    const probed = await probeJson(join(dataDir, summary.file));
    expect(probed.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    expect(probed.format.duration).toBeUndefined(); // no trailer...
    const upToKill = killedAt - summary.startedAt;
    expect(summary.durationMs).toBeGreaterThan(upToKill - 1200); // ...yet all but the last cluster is there
    expect(summary.durationMs).toBeLessThanOrEqual(upToKill + 100);
    expect((await decodedFrames(join(dataDir, summary.file))).length).toBeGreaterThan(15);
    expect(await getRecording(database, rec.id)).toMatchObject({ status: 'failed', durationMs: summary.durationMs });
    const logged = log.lines.find((l) => l.level === 'error' && l.msg.includes('recording failed'));
    expect((logged?.obj as { stderr?: string }).stderr).toMatch(/Output #0/);
    expect(await rec.stop()).toEqual(summary);
    console.info(`[recording] kill -9 after ${upToKill} ms: ${summary.durationMs} ms readable`);
  }, 30_000);

  it('records H264 into Matroska', async () => {
    const src = await startSource(router, 6, { pattern: 'testsrc', size: '320x240', freq: 440, h264: true });
    const rec = await record({ audio: src.audio.id, video: src.video.id });
    expect(rec.file.endsWith('.mkv')).toBe(true);
    await sleep(2500);
    const summary = await rec.stop();
    stopSource(src);
    const probed = await probeJson(join(dataDir, summary.file));
    expect(probed.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:opus', 'video:h264']);
    const wallMs = summary.endedAt - summary.startedAt;
    expect(Math.abs(summary.durationMs! - wallMs) / wallMs).toBeLessThan(0.05);
    expect((await decodedFrames(join(dataDir, summary.file))).length).toBeGreaterThan(15);
  }, 30_000);

  it('ends the recording, file complete, when its router closes (worker death, debate end)', async () => {
    const own = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
    const src = await startSource(own, 7, { pattern: 'testsrc', size: '320x240', freq: 440 });
    const rec = await startRecording({ debateId, router: own, producers: { audio: src.audio.id, video: src.video.id }, dataDir, store: recordingStore(database), logger: log });
    recorders.push(rec);
    await sleep(2000);
    own.close();
    const summary = await rec.ended;
    stopSource(src);
    expect(summary.status).toBe('complete');
    const probed = await probeJson(join(dataDir, summary.file));
    expect(probed.streams).toHaveLength(2);
    expect(Number(probed.format.duration)).toBeGreaterThan(1.5);
    expect(await getRecording(database, rec.id)).toMatchObject({ status: 'complete' });
  }, 30_000);

  it('rejects a start when no media arrives, kills its FFmpeg and leaves no row and no file', async () => {
    const silent = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: true });
    const producer = await silent.produce({
      kind: 'video',
      rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90_000 }], encodings: [{ ssrc: 33_001 }] },
    });
    const ids = ['rec_nomedia0A1b2'];
    const rowsBefore = (await listRecordings(database, debateId)).map((r) => r.id);
    const started = Date.now();
    const err = await startRecording({
      debateId,
      router,
      producers: { video: producer.id },
      dataDir,
      store: recordingStore(database),
      logger: log,
      startTimeoutMs: 1500,
      newId: () => ids[0]!,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('did not start writing') });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await listRecordings(database, debateId)).map((r) => r.id)).toEqual(rowsBefore);
    expect(await getRecording(database, ids[0]!)).toBeNull();
    expect(existsSync(join(dataDir, 'recordings', debateId, `${ids[0]}.webm`))).toBe(false);
    expect(await processesMentioning(ids[0]!)).toEqual([]);
    // Logged with FFmpeg's stderr tail (empty here: FFmpeg prints nothing while it waits).
    const logged = log.lines.find((l) => l.level === 'error' && l.msg.includes(`${ids[0]} could not start`));
    expect(typeof (logged?.obj as { stderr?: unknown }).stderr).toBe('string');
    silent.close();
  }, 20_000);

  it('refuses to start without a producer, or with one that does not exist, leaving nothing open', async () => {
    const transports = async () => ((await router.dump()) as { transportIds: string[] }).transportIds.length;
    const before = await transports();
    await expect(record({})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(record({ video: 'no-such-producer' })).rejects.toMatchObject({ code: 'CANNOT_CONSUME' });
    await expect(startRecording({ debateId: '../etc', router, producers: { video: 'x' }, dataDir, store: recordingStore(database) })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await transports()).toBe(before);
  });
});
