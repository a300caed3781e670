// The archive's recordings over REST (list, file, their place in the report) and the
// timeline event types of recordings. The socket side (media:recording) lives in
// media.ts; the event payloads are built by media/recording/events.ts.
import { z } from 'zod';
import { IdSchema } from './common.ts';

/**
 * Timeline events no domain command decides: appended by the media layer through
 * LiveDebate.appendSystemEvent, ignored by the domain's fold.
 */
export const RECORDING_EVENT_TYPES = ['recording:started', 'recording:stopped', 'recording:enabled', 'recording:disabled'] as const;
export type RecordingEventType = (typeof RECORDING_EVENT_TYPES)[number];

export const RecordingParamsSchema = z.object({ id: IdSchema, recordingId: IdSchema });
export type RecordingParams = z.infer<typeof RecordingParamsSchema>;

export const RecordingStatusSchema = z.enum(['recording', 'complete', 'failed']);

export const RecordingDtoSchema = z.object({
  id: IdSchema,
  /** What was recorded: 'program' (what was on air). */
  label: z.string(),
  /** `failed`: FFmpeg or the server stopped during the recording; the file plays up to where it stopped. */
  status: RecordingStatusSchema,
  /** Server clock (ms) of the file's t=0: an instant T of the debate is at T - startedAt in the file. */
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  /** Read back from the file with ffprobe; null while recording or when nothing readable was written. */
  durationMs: z.number().int().nullable(),
  sizeBytes: z.number().int().nullable(),
  /** The file's Content-Type: video/webm, audio/webm (no picture) or video/x-matroska (H264). */
  mimeType: z.string(),
  tracks: z.array(z.object({ kind: z.enum(['audio', 'video']), mimeType: z.string() })),
  /** The file (HTTP Range supported); null while it is being written or when it holds nothing readable. */
  url: z.string().nullable(),
});
export type RecordingDto = z.infer<typeof RecordingDtoSchema>;

export const RecordingListResponseSchema = z.object({ recordings: z.array(RecordingDtoSchema) });

/** Where a turn is in the recordings: the file, and the turn's start in it (ms). */
export const TurnRecordingSchema = z.object({ recordingId: IdSchema, offsetMs: z.number().int().min(0) });
export type TurnRecording = z.infer<typeof TurnRecordingSchema>;
