// Reads of debate rows shared by the routes: one visibility rule (a draft exists only for
// admins and its moderators) and the listing/search used by the admin and public lists.
import type { FastifyInstance } from 'fastify';
import { getDebate, listDebates, type Debate } from '../db/debates-repo.ts';
import { AppError } from '../errors.ts';
import type { DebateStatus } from '../protocol/modalities.ts';
import { isStaff, type Caller } from './guards.ts';

/** The debate row, or DEBATE_NOT_FOUND when it does not exist or is a draft the caller may not see. */
export async function visibleDebate(app: FastifyInstance, id: string, caller: Caller | null): Promise<Debate> {
  const row = await getDebate(app.services.database, id);
  if (!row || (row.status === 'draft' && !isStaff(caller))) {
    throw new AppError('DEBATE_NOT_FOUND', `No debate ${id}`);
  }
  return row;
}

/** The debate row for an admin/moderator route (drafts included). */
export async function existingDebate(app: FastifyInstance, id: string): Promise<Debate> {
  const row = await getDebate(app.services.database, id);
  if (!row) throw new AppError('DEBATE_NOT_FOUND', `No debate ${id}`);
  return row;
}

export interface DebateSearch {
  statuses?: readonly DebateStatus[];
  /** Case-insensitive substring of the title or the description. */
  q?: string;
}

const startOf = (d: Debate): number => Date.parse(d.modalities.scheduledStart);

/**
 * Debates matching the filter, by scheduled start (earliest first).
 * The repository offers a status filter only, so the text match and the order are
 * applied here, with ILIKE semantics (case-insensitive substring).
 */
export async function searchDebates(app: FastifyInstance, search: DebateSearch): Promise<Debate[]> {
  const rows = await listDebates(app.services.database, search.statuses ? { status: search.statuses } : {});
  const needle = search.q?.toLocaleLowerCase();
  const matched = needle
    ? rows.filter((d) => `${d.title}\n${d.description ?? ''}`.toLocaleLowerCase().includes(needle))
    : rows;
  return matched.sort((a, b) => startOf(a) - startOf(b) || a.id.localeCompare(b.id));
}
