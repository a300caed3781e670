// Who may see a debate and how much of it. A draft exists only for staff (admins and the
// debate's moderators); the access code is a door key that only staff are shown.
import type { Database } from '../db/client.ts';
import { getDebate, type Debate } from '../db/debates-repo.ts';
import type { Viewer } from '../domain/state.ts';
import { AppError } from '../errors.ts';
import type { Modalities } from '../protocol/modalities.ts';

type Conn = Pick<Database, 'db'>;

/** Staff readers get the moderator's view (the redaction rule of every read). */
export const isStaffViewer = (viewer: Viewer): boolean => viewer.role === 'moderator';

/** The debate row, or DEBATE_NOT_FOUND when it does not exist or is a draft the reader may not see. */
export async function visibleDebate(database: Conn, id: string, staff: boolean): Promise<Debate> {
  const row = await getDebate(database, id);
  if (!row || (row.status === 'draft' && !staff)) throw new AppError('DEBATE_NOT_FOUND', `No debate ${id}`);
  return row;
}

/** The debate row for staff (drafts included). */
export async function existingDebate(database: Conn, id: string): Promise<Debate> {
  const row = await getDebate(database, id);
  if (!row) throw new AppError('DEBATE_NOT_FOUND', `No debate ${id}`);
  return row;
}

export function publicModalities(m: Modalities, staff: boolean): Modalities {
  if (staff) return m;
  const { accessCode: _hidden, ...rest } = m;
  return rest;
}
