// What a (re)started node learns from a debate's timeline and `recordings` rows before it
// records that debate: the moderator's last choice (recording:enabled / disabled), and
// the files a stopped server left open. Those rows are still 'recording' with nobody
// writing them: each is finished as 'failed' with the duration read back from the file
// (FFmpeg's clusters are flushed as they close, so it plays up to where it stopped),
// and the timeline gets the `recording:stopped` it is missing.
import { join } from 'node:path';
import type { Clock } from '../../server/src/clock.ts';
import type { MediaLogger } from '../logger.ts';
import { resolveMediaTool } from './binaries.ts';
import { recordingsInLog, recordingStoppedDraft } from './events.ts';
import type { RecordingRow, RecordingStore, TimelineEntry } from './ports.ts';
import { fileSize, probeRecording } from './probe.ts';

export interface RecoveryOptions {
  debateId: string;
  /** The debate's recording entries (RecordingTimeline.entries). */
  entries: readonly TimelineEntry[];
  store: RecordingStore;
  dataDir: string;
  clock: Clock;
  log: MediaLogger;
  /** Recordings this process is writing: never touched. */
  ours: ReadonlySet<string>;
}

export interface Recovered {
  /** The moderator's last choice; true when they never made one. */
  wanted: boolean;
  /** `recording:stopped` of the files the log shows started and never stopped. */
  drafts: TimelineEntry[];
}

const INTERRUPTED = 'interrupted: the server stopped during the recording';

async function finishOrphan(o: RecoveryOptions, row: RecordingRow, ffprobe: string): Promise<RecordingRow | null> {
  const file = join(o.dataDir, ...row.filePath.split('/'));
  const sizeBytes = await fileSize(file);
  let durationMs: number | null = null;
  if (sizeBytes) {
    try {
      durationMs = (await probeRecording(ffprobe, file)).durationMs;
    } catch (err) {
      o.log.warn({ recordingId: row.id, err: (err as Error).message.split('\n')[0] }, 'recording: interrupted file not readable');
    }
  }
  // The instant it stopped is lost with the process; the file's length is the best witness.
  const endedAt = durationMs !== null ? row.startedAt + durationMs : o.clock.now();
  o.log.warn({ recordingId: row.id, debateId: o.debateId, durationMs }, 'recording: closing a file left open by a stopped server');
  return o.store.finish(row.id, { status: 'failed', endedAt, sizeBytes, durationMs, error: INTERRUPTED });
}

export async function recoverRecordings(o: RecoveryOptions): Promise<Recovered> {
  const { wanted, open } = recordingsInLog(o.entries);
  const orphans = (await o.store.unfinished(o.debateId)).filter((r) => !o.ours.has(r.id));
  if (orphans.length > 0) {
    const ffprobe = resolveMediaTool('ffprobe').path;
    for (const row of orphans) await finishOrphan(o, row, ffprobe);
  }
  const drafts: TimelineEntry[] = [];
  for (const id of open) {
    if (o.ours.has(id)) continue;
    const row = await o.store.get(id);
    if (!row || row.status === 'recording' || row.endedAt === null) continue;
    drafts.push(
      recordingStoppedDraft({
        recordingId: row.id,
        endedAt: row.endedAt,
        durationMs: row.durationMs,
        sizeBytes: row.sizeBytes,
        status: row.status,
        reason: 'interrupted',
      }),
    );
  }
  return { wanted, drafts };
}
