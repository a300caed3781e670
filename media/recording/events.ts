// The timeline entries of recordings, as drafts for the debate's log (the caller appends
// them through RecordingTimeline; nothing here touches the log). With `recording:started.startedAt` being
// the file's t=0, the archive finds a turn in the file at `turn.startedAt - startedAt`.
//
// Two kinds of entries: the files (`recording:started` / `recording:stopped`, actor
// `system`) and the moderator's choice (`recording:enabled` / `recording:disabled`, actor
// the moderator), which is what a restarted server reads back to know whether to record.
// Pure.
import {
  RecordingStartedSchema,
  RecordingStopReasonSchema,
  RecordingStoppedSchema,
  type RecordingStarted,
  type RecordingStopped,
  type RecordingStopReason,
} from '../../server/src/protocol/events/recordings.ts';
import type { TimelineEntry } from './ports.ts';

export { RECORDING_EVENT_TYPES, type RecordingEventType } from '../../server/src/protocol/recordings.ts';

// The payload shapes are the event contract's (server/src/protocol/events/recordings.ts).
export const RecordingStartedPayloadSchema = RecordingStartedSchema;
export type RecordingStartedPayload = RecordingStarted;
export { RecordingStopReasonSchema, type RecordingStopReason };
export const RecordingStoppedPayloadSchema = RecordingStoppedSchema;
export type RecordingStoppedPayload = RecordingStopped;

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
    else if (e.type === 'recording:started') open.add(RecordingStartedSchema.parse(e.payload).recordingId);
    else if (e.type === 'recording:stopped') open.delete(RecordingStoppedSchema.parse(e.payload).recordingId);
  }
  return { wanted, open };
}
