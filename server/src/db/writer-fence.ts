// The fencing of a debate's log (table `debate_writers`). Taking a debate over bumps its
// epoch in one statement; an append carries the epoch its node took and checks it inside
// the append transaction (row locked FOR SHARE, so a takeover waits for an append in
// flight and an append after a takeover sees the new epoch). A node whose epoch is not
// the current one gets StaleWriterError and appends nothing: it lost the debate.
import { eq, sql } from 'drizzle-orm';
import { AppError } from '../errors.ts';
import type { Database, Db } from './client.ts';
import { queryRows } from './pg-util.ts';
import { debateWriters } from './schema.ts';

/** This node's copy of the debate is not the writer any more (another node took it over). */
export class StaleWriterError extends AppError {
  constructor(debateId: string, epoch: number, current: number | null) {
    super('NOT_OWNER', `Debate ${debateId} was taken over (writer epoch ${current ?? 'none'}, this copy holds ${epoch})`, {
      reason: 'fenced',
      epoch,
      current,
    });
    this.name = 'StaleWriterError';
  }
}

export const isStaleWriter = (err: unknown): err is StaleWriterError => err instanceof StaleWriterError;

/** Become the debate's writer: returns the new epoch (1 for a debate never taken). */
export async function takeWriterEpoch(db: Db, debateId: string, nodeId: string): Promise<number> {
  const [row] = await queryRows<{ epoch: number }>(
    db,
    sql`insert into ${debateWriters} (debate_id, epoch, node_id, taken_at) values (${debateId}, 1, ${nodeId}, now())
        on conflict (debate_id) do update
          set epoch = ${debateWriters}.epoch + 1, node_id = excluded.node_id, taken_at = excluded.taken_at
        returning epoch`,
  );
  if (!row) throw new AppError('INTERNAL', `no writer epoch returned for debate ${debateId}`);
  return Number(row.epoch);
}

/** Inside an append transaction: throws StaleWriterError unless `epoch` is the current one. */
export async function assertWriterEpoch(tx: Db, debateId: string, epoch: number): Promise<void> {
  const [row] = await tx
    .select({ epoch: debateWriters.epoch })
    .from(debateWriters)
    .where(eq(debateWriters.debateId, debateId))
    .for('share');
  if (!row || row.epoch !== epoch) throw new StaleWriterError(debateId, epoch, row?.epoch ?? null);
}

/** An event store's fenced append (event-store.ts), typed here without importing it (it imports this file). */
interface FencedAppend<H, D, R, C> {
  append(debateId: string, head: H, drafts: D, opts: { fence: { epoch: number }; command?: C | undefined }): Promise<R>;
}

/** The fence the live-debate registry uses: epochs taken here, appends through the event store. */
export function createWriterFence<H, D, R, C>(database: Pick<Database, 'db'>, events: FencedAppend<H, D, R, C>) {
  return {
    take: (debateId: string, nodeId: string) => takeWriterEpoch(database.db, debateId, nodeId),
    append: (debateId: string, epoch: number, head: H, drafts: D, command?: C) => events.append(debateId, head, drafts, { fence: { epoch }, command }),
  };
}
