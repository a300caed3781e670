// The timeline entries of a recording, as EventDrafts for the debate's log (the caller
// appends them; nothing here touches the log). With `recording:started.startedAt` being
// the file's t=0, the archive finds a turn in the file at `turn.grantedAt - startedAt`.
// Pure.
import { z } from 'zod';
import { IdSchema } from '../../server/src/protocol/common.ts';
import type { EventDraft } from '../../server/src/debate/types.ts';

export const RecordingStartedPayloadSchema = z.object({
  recordingId: IdSchema,
  /** What was recorded, e.g. 'program'. */
  label: z.string(),
  /** Server clock (ms) of the file's t=0. */
  startedAt: z.number().int(),
  /** Relative to the data directory. */
  file: z.string(),
});
export type RecordingStartedPayload = z.infer<typeof RecordingStartedPayloadSchema>;

export const RecordingStoppedPayloadSchema = z.object({
  recordingId: IdSchema,
  endedAt: z.number().int(),
  /** Read back with ffprobe; null when the file could not be read. */
  durationMs: z.number().int().nullable(),
  sizeBytes: z.number().int().nullable(),
  status: z.enum(['complete', 'failed']),
});
export type RecordingStoppedPayload = z.infer<typeof RecordingStoppedPayloadSchema>;

export function recordingStartedDraft(p: RecordingStartedPayload): EventDraft<'recording:started', RecordingStartedPayload> {
  return { type: 'recording:started', payload: RecordingStartedPayloadSchema.parse(p) };
}

export function recordingStoppedDraft(p: RecordingStoppedPayload): EventDraft<'recording:stopped', RecordingStoppedPayload> {
  return { type: 'recording:stopped', payload: RecordingStoppedPayloadSchema.parse(p) };
}
