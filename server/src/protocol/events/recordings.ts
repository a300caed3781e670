// Recordings in the log: appended by the media layer (media/recording/), never decided by
// a domain command, ignored by the domain's fold. `recording:started` / `stopped` (actor
// `system`) are the files, `recording:started.startedAt` being the file's t=0;
// `recording:enabled` / `disabled` (actor: the moderator) are the on/off choice that a
// restarted server reads back. Same shapes as media/recording/events.ts builds.
import { z } from 'zod';
import { IdSchema } from '../common.ts';

export const RecordingStartedSchema = z.object({
  recordingId: IdSchema,
  /** What was recorded, e.g. 'program'. */
  label: z.string(),
  /** Server clock (ms) of the file's t=0. */
  startedAt: z.number().int(),
  /** Relative to the data directory. */
  file: z.string(),
});
export type RecordingStarted = z.infer<typeof RecordingStartedSchema>;

/**
 * Why a recording ended: the moderator turned recording off; the debate ended; the server
 * shut down; FFmpeg failed; a kind or codec appeared that the file cannot take (a new part
 * began); the media router went away; the server had stopped during the recording.
 */
export const RecordingStopReasonSchema = z.enum([
  'moderator',
  'debate_ended',
  'shutdown',
  'failed',
  'rollover',
  'media_closed',
  'interrupted',
]);
export type RecordingStopReason = z.infer<typeof RecordingStopReasonSchema>;

export const RecordingStoppedSchema = z.object({
  recordingId: IdSchema,
  endedAt: z.number().int(),
  /** Read back with ffprobe; null when the file could not be read. */
  durationMs: z.number().int().nullable(),
  sizeBytes: z.number().int().nullable(),
  status: z.enum(['complete', 'failed']),
  reason: RecordingStopReasonSchema.optional(),
});
export type RecordingStopped = z.infer<typeof RecordingStoppedSchema>;

/** recording:enabled / disabled carry nothing: the type is the choice. */
export const RecordingChoiceSchema = z.object({});
export type RecordingChoice = z.infer<typeof RecordingChoiceSchema>;

export const RECORDING_EVENTS = {
  'recording:started': RecordingStartedSchema,
  'recording:stopped': RecordingStoppedSchema,
  'recording:enabled': RecordingChoiceSchema,
  'recording:disabled': RecordingChoiceSchema,
} as const;
