// Reads of debate rows shared by the debate and public routes: the visibility rule of
// access/visibility.ts (a draft exists only for admins and its moderators) applied to a
// REST caller, and the listing/search used by the admin and public lists.
import type { FastifyInstance } from 'fastify';
import { existingDebate as existing, visibleDebate as visible } from '../access/visibility.ts';
import { listDebates, type Debate } from '../db/debates-repo.ts';
import type { DebateStatus } from '../protocol/modalities.ts';
import { isStaff, type Caller } from './guards.ts';

/** The debate row, or DEBATE_NOT_FOUND when it does not exist or is a draft the caller may not see. */
export function visibleDebate(app: FastifyInstance, id: string, caller: Caller | null): Promise<Debate> {
  return visible(app.database, id, isStaff(caller));
}

/** The debate row for an admin/moderator route (drafts included). */
export function existingDebate(app: FastifyInstance, id: string): Promise<Debate> {
  return existing(app.database, id);
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
  const rows = await listDebates(app.database, search.statuses ? { status: search.statuses } : {});
  const needle = search.q?.toLocaleLowerCase();
  const matched = needle
    ? rows.filter((d) => `${d.title}\n${d.description ?? ''}`.toLocaleLowerCase().includes(needle))
    : rows;
  return matched.sort((a, b) => startOf(a) - startOf(b) || a.id.localeCompare(b.id));
}
