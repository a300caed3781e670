// The doléances archive's reads, as an application service: a debate's timeline (the
// event log, redacted for the public), the hash-chain check, the report, the ballot audit
// of a poll, and the recordings with their files. Each read applies one visibility rule
// (a draft exists only for staff) and the domain's redaction. The REST routes parse,
// authorize, call this and answer.
import { stat } from 'node:fs/promises';
import { transcriptOf } from '../protocol/folds/transcript.ts';
import { join, relative, resolve, sep } from 'node:path';
import type { Database } from '../db/client.ts';
import type { Debate } from '../db/debates-repo.ts';
import type { EventStore } from '../db/event-store.ts';
import { getRecording, listRecordings } from '../db/recordings-repo.ts';
import { rebuild, redactEvent } from '../domain/debate.ts';
import { resultsFromCount } from '../domain/polls/index.ts';
import type { Viewer } from '../domain/state.ts';
import { AppError } from '../errors.ts';
import type { DebateHandle, DebateRead } from '../live/handle.ts';
import type { BallotBox } from '../live/ports.ts';
import type { RecordingDto } from '../protocol/recordings.ts';
import type {
  DebateReport,
  PollAuditResponse,
  TimelineQuery,
  TimelineResponse,
  VerifyResponse,
} from '../protocol/rest.ts';
import { existingDebate, isStaffViewer, visibleDebate } from '../access/visibility.ts';
import { recordingDto, recordingMimeType } from './recording-view.ts';
import { buildReport } from './report.ts';

export interface ArchiveDeps {
  database: Pick<Database, 'db'>;
  events: Pick<EventStore, 'load' | 'head' | 'verify'>;
  ballots: Pick<BallotBox, 'flush' | 'load' | 'count' | 'digest'>;
  /** The live debates (the registry): debates that can still change are read from there. */
  debates: { handle(debateId: string): Promise<Pick<DebateHandle, 'read'>> };
  /** Recordings are files under `${dataDir}/recordings`. */
  dataDir: string;
  /** PUBLIC_URL, or this server's own address (known once it listens). */
  baseUrl: () => string;
}

/** A recording file to send: its path relative to `root`, and what a browser is told it is. */
export interface RecordingFile {
  root: string;
  path: string;
  mimeType: string;
}

export interface ArchiveService {
  timeline(debateId: string, viewer: Viewer, page: TimelineQuery): Promise<TimelineResponse>;
  verify(debateId: string, viewer: Viewer): Promise<VerifyResponse>;
  report(debateId: string, viewer: Viewer): Promise<DebateReport>;
  /** Staff only (the caller checks): the ballots as stored, their exact count and digest. */
  pollAudit(debateId: string, pollId: string): Promise<PollAuditResponse>;
  recordings(debateId: string, viewer: Viewer): Promise<RecordingDto[]>;
  /** NOT_FOUND for another debate's or a missing file, CONFLICT while it is being written. */
  recordingFile(debateId: string, recordingId: string, viewer: Viewer): Promise<RecordingFile>;
}

export function createArchiveService(deps: ArchiveDeps): ArchiveService {
  const { database, events, ballots } = deps;
  const root = resolve(deps.dataDir, 'recordings');
  const visible = (debateId: string, viewer: Viewer) => visibleDebate(database, debateId, isStaffViewer(viewer));

  /**
   * The folded state of a debate. Debates that can still change are read from their live
   * instance (with the open polls' tallies); finished ones are folded from the log here,
   * so reading the archive does not keep every old debate loaded in the registry.
   */
  async function stateOf(row: Debate): Promise<DebateRead> {
    if (row.status === 'ended' || row.status === 'archived') {
      return { state: rebuild(row.id, await events.load(row.id)), tallies: {} };
    }
    return (await deps.debates.handle(row.id)).read();
  }

  async function recordingsOf(debateId: string): Promise<RecordingDto[]> {
    const baseUrl = deps.baseUrl();
    return (await listRecordings(database, debateId)).map((rec) => recordingDto(rec, baseUrl));
  }

  return {
    async timeline(debateId, viewer, { after, limit }) {
      const row = await visible(debateId, viewer);
      const [page, head] = await Promise.all([events.load(row.id, after, limit), events.head(row.id)]);
      return {
        events: page.map((e) => redactEvent(e, viewer)),
        nextAfter: page.length ? page[page.length - 1]!.seq : Math.min(after, head.seq),
        headSeq: head.seq,
      };
    },

    async verify(debateId, viewer) {
      const row = await visible(debateId, viewer);
      const result = await events.verify(row.id);
      return {
        ok: result.ok,
        count: result.count,
        headHash: result.headHash || null,
        brokenAt: result.brokenAt?.seq ?? null,
        reason: result.brokenAt?.reason ?? null,
      };
    },

    async report(debateId, viewer) {
      const row = await visible(debateId, viewer);
      const [{ state, tallies }, recordings, log] = await Promise.all([stateOf(row), recordingsOf(row.id), events.load(row.id)]);
      // Caption segments are public whole: the same transcript for every viewer.
      return { ...buildReport(state, viewer, tallies, recordings), transcript: transcriptOf(log) };
    },

    async pollAudit(debateId, pollId) {
      const row = await existingDebate(database, debateId);
      const { state } = await stateOf(row);
      const poll = state.polls.polls[pollId];
      if (!poll) throw new AppError('POLL_NOT_FOUND', `No poll ${pollId} in this debate`);
      // Ballots already acknowledged are durable; flushing also settles those in flight.
      await ballots.flush();
      const [rows, counted, digest] = await Promise.all([ballots.load(poll.id), ballots.count(poll.id), ballots.digest(poll.id)]);
      return { pollId: poll.id, status: poll.status, ballotRows: rows.length, results: resultsFromCount(poll, counted), digest };
    },

    async recordings(debateId, viewer) {
      return recordingsOf((await visible(debateId, viewer)).id);
    },

    async recordingFile(debateId, recordingId, viewer) {
      const debate = await visible(debateId, viewer);
      const rec = await getRecording(database, recordingId);
      if (!rec || rec.debateId !== debate.id) throw new AppError('NOT_FOUND', `No recording ${recordingId} in this debate`);
      if (rec.status === 'recording') throw new AppError('CONFLICT', 'This recording is still being written');
      const path = resolve(join(deps.dataDir, ...rec.filePath.split('/')));
      // The path comes from our own rows; still, never serve outside the recordings.
      if (!path.startsWith(root + sep)) throw new AppError('NOT_FOUND', `No file for recording ${rec.id}`);
      await stat(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') throw new AppError('NOT_FOUND', `The file of recording ${rec.id} is missing`);
        throw err;
      });
      return { root, path: relative(root, path), mimeType: recordingMimeType(rec) };
    },
  };
}
