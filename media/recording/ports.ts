// What recording needs beyond mediasoup and FFmpeg, as narrow interfaces the composition
// root (server/src/media-wiring/) implements: the rows of the `recordings` table
// (RecordingStore) and the debate's timeline (RecordingTimeline: appends that are durable,
// hash-chained and serialized with the debate's commands; the entries read back).
import type { z } from 'zod';
import type { ActorSchema } from '../../server/src/protocol/rest.ts';

export type RecordingStatus = 'recording' | 'complete' | 'failed';

export interface RecordingTrackInfo {
  kind: 'audio' | 'video';
  mimeType: string;
}

export interface RecordingRow {
  id: string;
  debateId: string;
  label: string;
  status: RecordingStatus;
  tracks: RecordingTrackInfo[];
  /** Relative to the data directory, '/'-separated. */
  filePath: string;
  startedAt: number;
  endedAt: number | null;
  sizeBytes: number | null;
  durationMs: number | null;
  error: string | null;
}

export interface NewRecordingRow {
  id: string;
  debateId: string;
  label: string;
  tracks: RecordingTrackInfo[];
  filePath: string;
  startedAt: number;
}

export interface RecordingEnd {
  status: 'complete' | 'failed';
  endedAt: number;
  sizeBytes: number | null;
  durationMs: number | null;
  error: string | null;
}

export interface RecordingStore {
  /** A recording begins: its row, status 'recording'. */
  create(row: NewRecordingRow): Promise<void>;
  /** The file's t=0, known once FFmpeg writes (only while 'recording'). */
  setStart(id: string, startedAt: number): Promise<void>;
  /** Finishes a row still 'recording'; null when it is unknown or already finished. */
  finish(id: string, end: RecordingEnd): Promise<RecordingRow | null>;
  /** Removes a row still 'recording' (a start that recorded nothing). */
  discard(id: string): Promise<void>;
  get(id: string): Promise<RecordingRow | null>;
  /** The debate's rows still 'recording', in recording order. */
  unfinished(debateId: string): Promise<RecordingRow[]>;
}

/** An entry of a debate's timeline as recording writes and reads it (an EventDraft). */
export interface TimelineEntry<T extends string = string, P = unknown> {
  type: T;
  payload: P;
}

/** Who caused an entry: the server itself by default, or the moderator who chose. */
export type TimelineActor = z.infer<typeof ActorSchema>;

export interface RecordingTimeline {
  /** Appends to the debate's log (actor `system` unless `by`). */
  append(debateId: string, entry: TimelineEntry, by?: TimelineActor): Promise<void>;
  /** The debate's recording entries (recording:*), in log order. */
  entries(debateId: string): Promise<readonly TimelineEntry[]>;
}
