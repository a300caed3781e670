// The recorder's parts that need no media: the SDP handed to FFmpeg, the choice of
// container, finding ffmpeg/ffprobe, loopback ports, the timeline drafts, the program
// feed → recording feed mapping, and the `recordings` rows (real PGlite).
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingStartedDraft, recordingStoppedDraft } from '../../../media/recording/events.ts';
import { feedFromProgram } from '../../../media/recording/feed.ts';
import { resolveMediaTool } from '../../../media/recording/binaries.ts';
import { buildRecordingSdp, containerFor } from '../../../media/recording/sdp.ts';
import { findFreePortPair, waitForUdpBound } from '../../../media/recording/udp-ports.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { finishRecording, getRecording, insertRecording, listRecordings, setRecordingStart } from '../../src/db/recordings-repo.ts';
import { AppError } from '../../src/errors.ts';
import type { MediaProducerInfo } from '../../src/protocol/media.ts';
import { newDebate, T0, uid } from '../db/fixtures.ts';

const opus = { mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2, parameters: { useinbandfec: 1, minptime: 10 } };
const vp8 = { mimeType: 'video/VP8', payloadType: 101, clockRate: 90_000, parameters: {} };
const h264 = {
  mimeType: 'video/H264',
  payloadType: 107,
  clockRate: 90_000,
  parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1, 'x-google-start-bitrate': 1000 },
};

describe('recording SDP and container', () => {
  it('describes one loopback m-line per track with its RTCP port and codec', () => {
    const sdp = buildRecordingSdp([
      { kind: 'audio', port: 50_000, rtcpPort: 50_001, codec: opus },
      { kind: 'video', port: 50_002, rtcpPort: 50_003, codec: vp8 },
    ]);
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=Tribune recording',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 50000 RTP/AVP 100',
      'a=rtcp:50001',
      'a=rtpmap:100 opus/48000/2',
      'a=fmtp:100 useinbandfec=1',
      'a=recvonly',
      'm=video 50002 RTP/AVP 101',
      'a=rtcp:50003',
      'a=rtpmap:101 VP8/90000',
      'a=recvonly',
      '',
    ]);
  });

  it('passes the H264 parameters the depacketizer needs, and only those', () => {
    const sdp = buildRecordingSdp([{ kind: 'video', port: 50_010, rtcpPort: 50_011, codec: h264 }]);
    expect(sdp).toContain('a=rtpmap:107 H264/90000\r\na=fmtp:107 packetization-mode=1;profile-level-id=42e01f;level-asymmetry-allowed=1\r\n');
    expect(sdp).not.toContain('x-google');
  });

  it('refuses codecs it cannot copy, a codec under the wrong kind, and an empty recording', () => {
    const vp9 = { mimeType: 'video/VP9', payloadType: 103, clockRate: 90_000 };
    expect(() => buildRecordingSdp([{ kind: 'video', port: 1, rtcpPort: 2, codec: vp9 }])).toThrow(AppError);
    expect(() => buildRecordingSdp([{ kind: 'video', port: 1, rtcpPort: 2, codec: opus }])).toThrow(/as video/);
    expect(() => buildRecordingSdp([])).toThrow(/at least one track/);
  });

  it('writes WebM for Opus/VP8 and Matroska as soon as H264 is involved', () => {
    expect(containerFor([opus, vp8])).toEqual({ format: 'webm', extension: 'webm' });
    expect(containerFor([opus])).toEqual({ format: 'webm', extension: 'webm' });
    expect(containerFor([opus, h264])).toEqual({ format: 'matroska', extension: 'mkv' });
  });
});

describe('finding ffmpeg and ffprobe', () => {
  it('takes the system binaries from PATH', () => {
    expect(resolveMediaTool('ffmpeg', { pathEnv: '/nonexistent:/usr/bin' })).toEqual({ path: '/usr/bin/ffmpeg', source: 'path' });
    expect(resolveMediaTool('ffprobe', { pathEnv: '/usr/bin' })).toEqual({ path: '/usr/bin/ffprobe', source: 'path' });
  });

  it('falls back to the npm package when it is installed', () => {
    const asked: string[] = [];
    const found = resolveMediaTool('ffmpeg', {
      pathEnv: '',
      requirePackage: (name) => {
        asked.push(name);
        return { path: '/usr/bin/ffmpeg' };
      },
    });
    expect(found).toEqual({ path: '/usr/bin/ffmpeg', source: 'npm' });
    expect(asked).toEqual(['@ffmpeg-installer/ffmpeg']);
  });

  it('says how to get one when neither exists', () => {
    // The npm packages are optional dependencies, installed here: simulate their absence.
    const notInstalled = (name: string): never => {
      throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
    };
    for (const tool of ['ffmpeg', 'ffprobe'] as const) {
      const err = (() => {
        try {
          resolveMediaTool(tool, { pathEnv: '/nonexistent', requirePackage: notInstalled });
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('UNAVAILABLE');
      expect((err as AppError).message).toMatch(/apt-get install -y ffmpeg/);
      expect((err as AppError).message).toContain(tool === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe');
    }
  });
});

describe('loopback ports for FFmpeg', () => {
  it('finds an even port whose successor is free, and sees when something binds them', async () => {
    const port = await findFreePortPair();
    expect(port % 2).toBe(0);
    expect(await waitForUdpBound([port, port + 1], 100, () => false)).toBe(false);
    const sockets = [dgram.createSocket('udp4'), dgram.createSocket('udp4')];
    await Promise.all(sockets.map((s, i) => new Promise<void>((r) => s.bind(port + i, '127.0.0.1', () => r()))));
    try {
      expect(await waitForUdpBound([port, port + 1], 1000, () => false)).toBe(true);
    } finally {
      for (const s of sockets) s.close();
    }
    expect(await waitForUdpBound([port], 5000, () => true)).toBe(false);
  });
});

describe('recording timeline drafts', () => {
  it('builds recording:started and recording:stopped', () => {
    expect(recordingStartedDraft({ recordingId: 'rec_1', label: 'program', startedAt: T0, file: 'recordings/d1/rec_1.webm' })).toEqual({
      type: 'recording:started',
      payload: { recordingId: 'rec_1', label: 'program', startedAt: T0, file: 'recordings/d1/rec_1.webm' },
    });
    const stopped = { recordingId: 'rec_1', endedAt: T0 + 4000, durationMs: 3990, sizeBytes: 123_456, status: 'complete' as const };
    expect(recordingStoppedDraft(stopped)).toEqual({ type: 'recording:stopped', payload: stopped });
    expect(() => recordingStoppedDraft({ ...stopped, recordingId: '../x' })).toThrow();
    // A recorder's summary can be passed as it is: only the payload's fields are kept.
    const summary = { ...stopped, debateId: 'd1', label: 'program', startedAt: T0, file: 'f', error: null };
    expect(recordingStoppedDraft(summary).payload).toEqual(stopped);
  });
});

describe('feedFromProgram', () => {
  const info = (producerId: string, kind: 'audio' | 'video'): MediaProducerInfo => ({
    producerId,
    participantId: 'speaker-1',
    kind,
    paused: false,
    appData: { source: 'camera' },
  });
  it('takes the first producer of each kind in the program', () => {
    const producers = [info('v1', 'video'), info('a1', 'audio'), info('v2', 'video'), info('other', 'audio')];
    expect(feedFromProgram({ producerIds: ['v1', 'a1', 'v2'] }, producers)).toEqual({ video: 'v1', audio: 'a1' });
    expect(feedFromProgram({ producerIds: ['a1', 'gone'] }, producers)).toEqual({ audio: 'a1' });
    expect(feedFromProgram({ producerIds: [] }, producers)).toEqual({});
  });
});

describe('recordings repository', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.cleanup();
  });

  it('inserts a row while recording, corrects its start, finishes it once, lists a debate’s recordings in order', async () => {
    const debate = await newDebate(database);
    const tracks = [{ kind: 'audio' as const, mimeType: 'audio/opus' }];
    const a = uid('rec');
    const b = uid('rec');
    await insertRecording(database, { id: a, debateId: debate.id, label: 'program', tracks, filePath: `recordings/${debate.id}/${a}.webm`, startedAt: T0 });
    await insertRecording(database, { id: b, debateId: debate.id, label: 'program', tracks, filePath: `recordings/${debate.id}/${b}.webm`, startedAt: T0 - 60_000 });
    expect(await getRecording(database, a)).toMatchObject({ status: 'recording', endedAt: null, sizeBytes: null, durationMs: null, tracks });

    await setRecordingStart(database, a, T0 + 850);
    const done = await finishRecording(database, a, { status: 'complete', endedAt: T0 + 5000, sizeBytes: 5_000_000_000, durationMs: 4150 });
    expect(done).toMatchObject({ status: 'complete', startedAt: T0 + 850, endedAt: T0 + 5000, sizeBytes: 5_000_000_000, durationMs: 4150, error: null });
    // Finished rows do not change any more.
    expect(await finishRecording(database, a, { status: 'failed', endedAt: T0 + 9000, sizeBytes: 1, durationMs: 1, error: 'late' })).toBeNull();
    await setRecordingStart(database, a, 0);
    expect(await getRecording(database, a)).toMatchObject({ status: 'complete', startedAt: T0 + 850, endedAt: T0 + 5000 });

    expect((await listRecordings(database, debate.id)).map((r) => r.id)).toEqual([b, a]);
    expect(await getRecording(database, 'unknown')).toBeNull();
  });

  it('refuses a recording of an unknown debate', async () => {
    await expect(
      insertRecording(database, { id: uid('rec'), debateId: 'no-such-debate', label: 'program', tracks: [], filePath: 'x', startedAt: T0 }),
    ).rejects.toThrow();
  });
});
