// How a `recordings` row is shown over REST (list, report) and where a turn falls in the
// recordings. Pure: the routes load the rows.
import type { Recording } from '../db/recordings-repo.ts';
import type { RecordingDto, TurnRecording } from '../protocol/recordings.ts';

/** WebM with a picture, WebM of sound only, or Matroska (H264): what a browser is told. */
export function recordingMimeType(row: Pick<Recording, 'filePath' | 'tracks'>): string {
  if (row.filePath.endsWith('.mkv')) return 'video/x-matroska';
  return row.tracks.some((t) => t.kind === 'video') ? 'video/webm' : 'audio/webm';
}

/** A finished file ffprobe could read: worth offering (a failed one plays up to where it stopped). */
export function isPlayable(row: Pick<Recording, 'status' | 'durationMs'>): boolean {
  return row.status !== 'recording' && row.durationMs !== null;
}

export function recordingFileUrl(baseUrl: string, debateId: string, recordingId: string): string {
  return `${baseUrl}/api/debates/${debateId}/recordings/${recordingId}/file`;
}

export function recordingDto(row: Recording, baseUrl: string): RecordingDto {
  return {
    id: row.id,
    label: row.label,
    status: row.status,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    durationMs: row.durationMs,
    sizeBytes: row.sizeBytes,
    mimeType: recordingMimeType(row),
    tracks: row.tracks,
    url: isPlayable(row) ? recordingFileUrl(baseUrl, row.debateId, row.id) : null,
  };
}

/**
 * The recording a turn is in and the turn's start in it. File time is wall time since the
 * file's t=0 (media/recording/README.md), so the offset is `turn start - startedAt`. A
 * turn that began before its recording did (the speaker's media came on a moment after
 * the floor was given; recording was turned on mid-turn) is placed at the file's start.
 */
export function turnRecording(
  turn: { startedAt: number; endedAt: number },
  recordings: readonly RecordingDto[],
): TurnRecording | null {
  const usable = recordings.filter((r) => r.status === 'recording' || r.url !== null);
  const end = (r: RecordingDto) => r.endedAt ?? Number.POSITIVE_INFINITY;
  const holding = usable.find((r) => r.startedAt <= turn.startedAt && turn.startedAt < end(r));
  if (holding) return { recordingId: holding.id, offsetMs: turn.startedAt - holding.startedAt };
  const during = usable.find((r) => r.startedAt > turn.startedAt && r.startedAt < turn.endedAt);
  return during ? { recordingId: during.id, offsetMs: 0 } : null;
}
