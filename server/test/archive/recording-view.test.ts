// The pure parts of the archive's recordings: the Content-Type of a file, its URL, and
// where a turn falls in the recordings.
import { describe, expect, it } from 'vitest';
import { recordingDto, recordingMimeType, turnRecording } from '../../src/archive/recording-view.ts';
import type { Recording } from '../../src/db/recordings-repo.ts';

const row = (o: Partial<Recording>): Recording => ({
  id: 'rec_1',
  debateId: 'd1',
  label: 'program',
  status: 'complete',
  tracks: [
    { kind: 'audio', mimeType: 'audio/opus' },
    { kind: 'video', mimeType: 'video/VP8' },
  ],
  filePath: 'recordings/d1/rec_1.webm',
  startedAt: 10_000,
  endedAt: 70_000,
  sizeBytes: 1234,
  durationMs: 59_990,
  error: null,
  ...o,
});

describe('recordings as the archive shows them', () => {
  it('tells a browser what the file is', () => {
    expect(recordingMimeType(row({}))).toBe('video/webm');
    expect(recordingMimeType(row({ tracks: [{ kind: 'audio', mimeType: 'audio/opus' }] }))).toBe('audio/webm');
    expect(recordingMimeType(row({ filePath: 'recordings/d1/rec_1.mkv' }))).toBe('video/x-matroska');
  });

  it('offers a url only for a finished, readable file', () => {
    expect(recordingDto(row({}), 'https://x').url).toBe('https://x/api/debates/d1/recordings/rec_1/file');
    expect(recordingDto(row({ status: 'failed', durationMs: 3000 }), 'https://x').url).not.toBeNull();
    expect(recordingDto(row({ status: 'recording', endedAt: null, durationMs: null }), 'https://x').url).toBeNull();
    expect(recordingDto(row({ status: 'failed', durationMs: null }), 'https://x').url).toBeNull();
  });

  it('places a turn in the file holding its start, or at the start of one that began during it', () => {
    const recs = [
      recordingDto(row({ id: 'rec_1', startedAt: 10_000, endedAt: 70_000 }), ''),
      recordingDto(row({ id: 'rec_2', startedAt: 80_000, endedAt: null, status: 'recording', durationMs: null }), ''),
      recordingDto(row({ id: 'rec_x', startedAt: 0, endedAt: 200_000, status: 'failed', durationMs: null }), ''),
    ];
    expect(turnRecording({ startedAt: 25_000, endedAt: 40_000 }, recs)).toEqual({ recordingId: 'rec_1', offsetMs: 15_000 });
    expect(turnRecording({ startedAt: 75_000, endedAt: 90_000 }, recs)).toEqual({ recordingId: 'rec_2', offsetMs: 0 });
    expect(turnRecording({ startedAt: 95_000, endedAt: 99_000 }, recs)).toEqual({ recordingId: 'rec_2', offsetMs: 15_000 });
    // Before any readable file (the failed one wrote nothing): not recorded.
    expect(turnRecording({ startedAt: 1000, endedAt: 5000 }, recs)).toBeNull();
    expect(turnRecording({ startedAt: 1000, endedAt: 5000 }, [])).toBeNull();
  });
});
