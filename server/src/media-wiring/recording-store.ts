// The recorder's RecordingStore (media/recording/ports.ts) over the `recordings` table
// (server/src/db/recordings-repo.ts), on PGlite or PostgreSQL.
import type { Database } from '../db/client.ts';
import {
  deleteUnstartedRecording, finishRecording, getRecording, insertRecording, listRecordings, setRecordingStart,
} from '../db/recordings-repo.ts';
import type { RecordingStore } from '../../../media/recording/ports.ts';

export function recordingStore(database: Pick<Database, 'db'>): RecordingStore {
  return {
    create: async (row) => {
      await insertRecording(database, row);
    },
    setStart: (id, startedAt) => setRecordingStart(database, id, startedAt),
    finish: (id, end) => finishRecording(database, id, end),
    discard: async (id) => {
      await deleteUnstartedRecording(database, id);
    },
    get: (id) => getRecording(database, id),
    unfinished: async (debateId) => (await listRecordings(database, debateId)).filter((r) => r.status === 'recording'),
  };
}
