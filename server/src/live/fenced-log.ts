// The event log as one copy of a live debate sees it: every append carries the writer
// epoch the copy's node took when it loaded the debate (db/writer-fence.ts). When the
// append is refused because another node took the debate over (fenced), or because the
// log's head moved under this copy (a CONFLICT: this copy is behind the log), the copy is
// stale: it is reported (the registry drops it) and the caller gets NOT_OWNER, which the
// registry answers by calling the debate's current owner. Nothing was appended, so
// calling again is safe.
import { AppError, isAppError } from '../errors.ts';
import type { DebateEvent } from '../domain/types.ts';
import type { LiveDebate, LiveDebateDeps } from './live-debate.ts';
import type { CommandRecord, EventDraftStamped, EventLog } from './ports.ts';

export interface WriterFence {
  /** Become the debate's writer: bumps and returns its epoch. */
  take(debateId: string, nodeId: string): Promise<number>;
  /** Append only while `epoch` is the debate's current epoch (NOT_OWNER otherwise). */
  append(
    debateId: string,
    epoch: number,
    head: { seq: number; hash: string },
    drafts: EventDraftStamped[],
    command?: CommandRecord,
  ): Promise<DebateEvent[]>;
}

export function fencedDeps(
  deps: LiveDebateDeps,
  fence: WriterFence,
  debateId: string,
  epoch: number,
  onStale: (copy: LiveDebate | null, reason: string) => void,
): { deps: LiveDebateDeps; bind(copy: LiveDebate): void } {
  let copy: LiveDebate | null = null;
  const log: EventLog = {
    load: (id, afterSeq, limit) => deps.log.load(id, afterSeq, limit),
    findCommand: (id, commandId) => deps.log.findCommand(id, commandId),
    async append(id, head, drafts, opts) {
      try {
        return await fence.append(id, epoch, head, drafts, opts?.command);
      } catch (err) {
        if (!isAppError(err) || (err.code !== 'NOT_OWNER' && err.code !== 'CONFLICT')) throw err;
        const reason = err.code === 'NOT_OWNER' ? 'another node took the debate over' : 'the log moved under this copy';
        onStale(copy, reason);
        throw new AppError('NOT_OWNER', `Debate ${debateId}: ${reason}`, { reason: 'stale_copy', epoch });
      }
    },
  };
  return {
    deps: { ...deps, log },
    bind(c) {
      copy = c;
    },
  };
}
