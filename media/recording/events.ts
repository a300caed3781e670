// The timeline entries of recordings, as drafts for the debate's log (the caller appends
// them through RecordingTimeline; nothing here touches the log). With `recording:started.startedAt` being
// the file's t=0, the archive finds a turn in the file at `turn.startedAt - startedAt`.
//
// Two kinds of entries: the files (`recording:started` / `recording:stopped`, actor
// `system`) and the moderator's choice (`recording:enabled` / `recording:disabled`, actor
// the moderator), which is what a restarted server reads back to know whether to record.
// Pure.
import { z } from 'zod';
import { IdSchema } from '../../server/src/protocol/common.ts';
import type { TimelineEntry } from './ports.ts';

export { RECORDING_EVENT_TYPES, type RecordingEventType } from '../../server/src/protocol/recordings.ts';

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

/**
 * Why a recording ended: the moderator turned recording off; the debate ended; the server
 * shut down; FFmpeg failed; a kind (audio/video) or a codec appeared that the file cannot
 * take, so a new part began; the media router went away (worker death); the server had
 * stopped during the recording (found and closed after a restart).
 */
export const RecordingStopReasonSchema = z.enum(['moderator', 'debate_ended', 'shutdown', 'failed', 'rollover', 'media_closed', 'interrupted']);
export type RecordingStopReason = z.infer<typeof RecordingStopReasonSchema>;

export const RecordingStoppedPayloadSchema = z.object({
  recordingId: IdSchema,
  endedAt: z.number().int(),
  /** Read back with ffprobe; null when the file could not be read. */
  durationMs: z.number().int().nullable(),
  sizeBytes: z.number().int().nullable(),
  status: z.enum(['complete', 'failed']),
  reason: RecordingStopReasonSchema.optional(),
});
export type RecordingStoppedPayload = z.infer<typeof RecordingStoppedPayloadSchema>;

export function recordingStartedDraft(p: RecordingStartedPayload): TimelineEntry<'recording:started', RecordingStartedPayload> {
  return { type: 'recording:started', payload: RecordingStartedPayloadSchema.parse(p) };
}

export function recordingStoppedDraft(p: RecordingStoppedPayload): TimelineEntry<'recording:stopped', RecordingStoppedPayload> {
  return { type: 'recording:stopped', payload: RecordingStoppedPayloadSchema.parse(p) };
}

/** The moderator's choice: record whenever there is a program feed (true) or not. */
export function recordingChoiceDraft(wanted: boolean): TimelineEntry<'recording:enabled' | 'recording:disabled', Record<string, never>> {
  return { type: wanted ? 'recording:enabled' : 'recording:disabled', payload: {} };
}

/** What a debate's log says about its recordings: the last choice (default: record) and the files left open. */
export function recordingsInLog(events: readonly TimelineEntry[]): { wanted: boolean; open: Set<string> } {
  let wanted = true;
  const open = new Set<string>();
  for (const e of events) {
    if (e.type === 'recording:enabled') wanted = true;
    else if (e.type === 'recording:disabled') wanted = false;
    else if (e.type === 'recording:started') open.add((e.payload as RecordingStartedPayload).recordingId);
    else if (e.type === 'recording:stopped') open.delete((e.payload as RecordingStoppedPayload).recordingId);
  }
  return { wanted, open };
}
