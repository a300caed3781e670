// Reads of debate rows shared by the debate and public routes: the visibility rule of
// access/visibility.ts (a draft exists only for admins and its moderators) applied to a
// REST caller, and the listing/search used by the admin and public lists.
import type { FastifyInstance } from 'fastify';
import { existingDebate as existing, visibleDebate as visible } from '../access/visibility.ts';
import { searchDebateText, type SearchMatch } from '../db/debate-search.ts';
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
  /** Words to find (db/debate-search.ts). */
  q?: string;
  /** Staff search every question and contribution, the public only the public ones. */
  staff?: boolean;
}

export interface DebateSearchResult {
  debates: Debate[];
  /** With `q`: where each debate matched. */
  matches?: Record<string, SearchMatch[]>;
}

const startOf = (d: Debate): number => Date.parse(d.modalities.scheduledStart);

/** Debates matching the filter, by scheduled start (earliest first). */
export async function searchDebates(app: FastifyInstance, search: DebateSearch): Promise<DebateSearchResult> {
  const [rows, found] = await Promise.all([
    listDebates(app.database, search.statuses ? { status: search.statuses } : {}),
    search.q ? searchDebateText(app.database, search.q, { staff: search.staff ?? false }) : null,
  ]);
  const matched = found ? rows.filter((d) => found.has(d.id)) : rows;
  const debates = matched.sort((a, b) => startOf(a) - startOf(b) || a.id.localeCompare(b.id));
  if (!found) return { debates };
  return { debates, matches: Object.fromEntries(debates.map((d) => [d.id, found.get(d.id)!])) };
}
