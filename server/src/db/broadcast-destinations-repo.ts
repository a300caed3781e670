// Rows of `broadcast_destinations`: the RTMP(S) ingests of a debate's broadcast. Two
// reads on purpose: `listDestinations` (what the organizer and consoles see: no key) and
// `destinationsWithKeys` (for the pushes of media/broadcast/ only).
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from './client.ts';
import { broadcastDestinations } from './schema.ts';

type Conn = Pick<Database, 'db'>;

export interface DestinationRow {
  id: string;
  label: string;
  url: string;
}

export interface DestinationWithKey extends DestinationRow {
  streamKey: string;
}

export async function insertDestination({ db }: Conn, d: { debateId: string; label: string; url: string; streamKey: string; createdAt: number }): Promise<DestinationRow> {
  const id = `dst_${randomBytes(9).toString('base64url')}`;
  await db.insert(broadcastDestinations).values({ id, ...d });
  return { id, label: d.label, url: d.url };
}

export async function listDestinations({ db }: Conn, debateId: string): Promise<DestinationRow[]> {
  return db
    .select({ id: broadcastDestinations.id, label: broadcastDestinations.label, url: broadcastDestinations.url })
    .from(broadcastDestinations)
    .where(eq(broadcastDestinations.debateId, debateId))
    .orderBy(asc(broadcastDestinations.createdAt), asc(broadcastDestinations.id));
}

export async function destinationsWithKeys({ db }: Conn, debateId: string): Promise<DestinationWithKey[]> {
  return db
    .select({ id: broadcastDestinations.id, label: broadcastDestinations.label, url: broadcastDestinations.url, streamKey: broadcastDestinations.streamKey })
    .from(broadcastDestinations)
    .where(eq(broadcastDestinations.debateId, debateId))
    .orderBy(asc(broadcastDestinations.createdAt), asc(broadcastDestinations.id));
}

/** True when a row was removed. */
export async function deleteDestination({ db }: Conn, debateId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(broadcastDestinations)
    .where(and(eq(broadcastDestinations.debateId, debateId), eq(broadcastDestinations.id, id)))
    .returning({ id: broadcastDestinations.id });
  return rows.length > 0;
}
