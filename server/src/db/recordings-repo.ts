// Rows of the `recordings` table: one per media recording of a debate (media/recording/
// writes them). A row is inserted when the recording begins (status 'recording'), its
// start instant is corrected once FFmpeg reports the file's t=0, and it is finished once:
// finishing only updates a row still 'recording', so a late second finish cannot rewrite
// what the first one stored. A start that fails removes its row: the archive lists only
// recordings that began (each with its `recording:started` in the timeline).
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from './client.ts';
import { recordings } from './schema.ts';

type Conn = Pick<Database, 'db'>;

export type Recording = typeof recordings.$inferSelect;
export type RecordingStatus = Recording['status'];
export type RecordingTrackInfo = Recording['tracks'][number];

export interface NewRecording {
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
  error?: string | null;
}

export async function insertRecording({ db }: Conn, r: NewRecording): Promise<Recording> {
  const [row] = await db.insert(recordings).values({ ...r, status: 'recording' }).returning();
  return row!;
}

/** The instant of the file's t=0, known once the media is flowing. */
export async function setRecordingStart({ db }: Conn, id: string, startedAt: number): Promise<void> {
  await db.update(recordings).set({ startedAt }).where(and(eq(recordings.id, id), eq(recordings.status, 'recording')));
}

/** Null when the row is unknown or already finished. */
export async function finishRecording({ db }: Conn, id: string, end: RecordingEnd): Promise<Recording | null> {
  const [row] = await db
    .update(recordings)
    .set({ ...end, error: end.error ?? null })
    .where(and(eq(recordings.id, id), eq(recordings.status, 'recording')))
    .returning();
  return row ?? null;
}

/** Removes a row still 'recording' (a start that recorded nothing); true when one went. */
export async function deleteUnstartedRecording({ db }: Conn, id: string): Promise<boolean> {
  const rows = await db
    .delete(recordings)
    .where(and(eq(recordings.id, id), eq(recordings.status, 'recording')))
    .returning({ id: recordings.id });
  return rows.length > 0;
}

export async function getRecording({ db }: Conn, id: string): Promise<Recording | null> {
  const [row] = await db.select().from(recordings).where(eq(recordings.id, id));
  return row ?? null;
}

/** In recording order. */
export async function listRecordings({ db }: Conn, debateId: string): Promise<Recording[]> {
  return db
    .select()
    .from(recordings)
    .where(eq(recordings.debateId, debateId))
    .orderBy(asc(recordings.startedAt), asc(recordings.id));
}
