// The archive's text search: which debates a query finds, and where (their title or
// description, a question, a contribution, a speaker's name, a caption segment or its
// correction: the transcript). French full-text search
// with accents stripped (the `tribune_fr` configuration, migrations/0006), on PostgreSQL
// and PGlite alike; every word of the query must match, each as a prefix, so
// "pieton" finds "piétonnisation" and "velo rue" finds "vélos dans la rue". Each branch
// has its GIN index on the very expression it matches (schema.ts), the transcript's a
// partial one over the caption events of the log.
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { queryRows } from './pg-util.ts';
import { isTranscriptEvent, searchVector, transcriptText } from './schema.ts';

export type SearchMatch = 'debate' | 'question' | 'contribution' | 'speaker' | 'transcript';

export interface SearchOptions {
  /**
   * Staff see every question and contribution; the public only what the debate made
   * public (approved or answered questions, contributions read out).
   */
  staff: boolean;
}

/**
 * The query as a tsquery text: its words (letters and digits only, so nothing of the
 * tsquery syntax gets through), each a prefix, all required. Single letters are the
 * French elisions ("l'école", "d'accord"): as prefixes they would match almost anything.
 * Null without any word.
 */
export function prefixQuery(q: string): string | null {
  const words = q.normalize('NFC').match(/[\p{L}\p{N}]+/gu)?.filter((w) => w.length > 1 || /\p{N}/u.test(w));
  if (!words?.length) return null;
  return words.slice(0, 20).map((w) => `${w}:*`).join(' & ');
}

/** The debates matching `q`, with where each matched; an empty map when nothing does. */
export async function searchDebateText(
  { db }: Pick<Database, 'db'>,
  q: string,
  opts: SearchOptions,
): Promise<Map<string, SearchMatch[]>> {
  const text = prefixQuery(q);
  const found = new Map<string, SearchMatch[]>();
  if (!text) return found;
  const tsq = sql`to_tsquery('tribune_fr', ${text})`;
  const questionStatuses = opts.staff ? sql`true` : sql`q.status in ('approved', 'answered')`;
  const contributionStatuses = opts.staff ? sql`true` : sql`c.status = 'read'`;
  const rows = await queryRows<{ debate_id: string; kind: SearchMatch }>(
    db,
    sql`
      select d.id as debate_id, 'debate' as kind from debates d
        where ${searchVector(sql`d.title || ' ' || coalesce(d.description, '')`)} @@ ${tsq}
      union
      select q.debate_id, 'question' from questions q
        where ${questionStatuses} and ${searchVector(sql`q.text`)} @@ ${tsq}
      union
      select c.debate_id, 'contribution' from contributions c
        where ${contributionStatuses} and ${searchVector(sql`c.text`)} @@ ${tsq}
      union
      select t.debate_id, 'speaker' from turns t
        where ${searchVector(sql`t.name`)} @@ ${tsq}
      union
      select e.debate_id, 'transcript' from debate_events e
        where ${isTranscriptEvent(sql`e.type`)} and ${searchVector(transcriptText(sql`e.payload`))} @@ ${tsq}`,
  );
  const order: SearchMatch[] = ['debate', 'question', 'contribution', 'speaker', 'transcript'];
  for (const row of rows) found.set(row.debate_id, [...(found.get(row.debate_id) ?? []), row.kind]);
  for (const kinds of found.values()) kinds.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return found;
}
